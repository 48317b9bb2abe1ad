# What the deploy, smoke and teardown scripts share: the namespace, the image names, how
# to reach the app, and which container engine the cluster sees.
# shellcheck shell=bash

# shellcheck disable=SC2034 # used by the scripts that source this file
NAMESPACE=todo-chatbot
# shellcheck disable=SC2034
IMAGES=(todo-chatbot-backend todo-chatbot-frontend)
NODE_PORT=30080

current_context() { kubectl config current-context 2>/dev/null || true; }

# The app's URL through the NodePort: the Minikube VM's address, else the local host.
app_url() {
  if [ "$(current_context)" = minikube ] && command -v minikube >/dev/null 2>&1; then
    echo "http://$(minikube ip):${NODE_PORT}"
  else
    echo "http://127.0.0.1:${NODE_PORT}"
  fi
}
