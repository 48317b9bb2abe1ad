{{/* Labels every object carries (kustomize's `labels` in k8s/base, with Helm as manager). */}}
{{- define "todo-chatbot.labels" -}}
app.kubernetes.io/part-of: todo-chatbot
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Labels of one component's objects. */}}
{{- define "todo-chatbot.component" -}}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/name: {{ .name }}
{{ include "todo-chatbot.labels" .root }}
{{- end -}}

{{/* The selector of a component's pods: never changes after the first install. */}}
{{- define "todo-chatbot.selector" -}}
app.kubernetes.io/instance: todo-chatbot
app.kubernetes.io/name: {{ . }}
{{- end -}}

{{- define "todo-chatbot.image" -}}
{{ printf "%s:%s" .repository (toString .tag) }}
{{- end -}}

{{/* Rolls the pods when the configuration or the database URL changes (kustomize's hash suffix does the same). */}}
{{- define "todo-chatbot.configChecksum" -}}
checksum/config: {{ print (include (print .Template.BasePath "/configmap.yaml") .) (include (print .Template.BasePath "/database-secret.yaml") .) | sha256sum }}
{{- end -}}

{{/* The container and pod hardening both components share. */}}
{{- define "todo-chatbot.containerSecurity" -}}
securityContext:
  allowPrivilegeEscalation: false
  capabilities:
    drop:
      - ALL
  readOnlyRootFilesystem: true
{{- end -}}

{{- define "todo-chatbot.preStop" -}}
lifecycle:
  preStop:
    exec:
      command: ["sleep", "5"]
{{- end -}}

{{/* True (non-empty) when the backend's database is SQLite: no PostgreSQL in the chart, no
database.existingSecret, and a SQLite config.databaseUrl. The chart cannot read the URL in an
existing Secret, so such a Secret counts as PostgreSQL outside the cluster (values.yaml says
so). SQLite decides the volume, its claim and the replicas; such a backend cannot scale out. */}}
{{- define "todo-chatbot.sqlite" -}}
{{- if not (or .Values.postgresql.enabled .Values.database.existingSecret (hasPrefix "postgres" .Values.config.databaseUrl)) -}}
true
{{- end -}}
{{- end -}}

{{/* The backend's replicas: backend.replicas, else 2 on SQLite, else 3 (PostgreSQL, in the chart or outside). */}}
{{- define "todo-chatbot.backendReplicas" -}}
{{- if kindIs "invalid" .Values.backend.replicas -}}
{{ ternary 2 3 (include "todo-chatbot.sqlite" . | empty | not) }}
{{- else -}}
{{ .Values.backend.replicas }}
{{- end -}}
{{- end -}}

{{/* The Secret of the in-cluster PostgreSQL (POSTGRES_PASSWORD, DATABASE_URL). */}}
{{- define "todo-chatbot.postgresSecret" -}}
{{ .Values.postgresql.existingSecret | default "todo-chatbot-postgres" }}
{{- end -}}
