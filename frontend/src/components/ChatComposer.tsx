import { MESSAGE_MAX_LENGTH } from '@contract/limits'
import styles from './ChatComposer.module.css'

/** The message box: Enter sends, Shift+Enter starts a new line. */
export default function ChatComposer(props: {
  draft: string
  onDraft: (text: string) => void
  onSend: (event?: Event) => void
  /** Enter was pressed while a reply was arriving: the box is sent once it ends. */
  waiting: boolean
  ref: (el: HTMLTextAreaElement) => void
}) {
  return (
    <form class={styles.composer} onSubmit={(e) => props.onSend(e)}>
      <label for="chat-input" class="visually-hidden">
        Message the assistant
      </label>
      <textarea
        id="chat-input"
        ref={props.ref}
        rows={2}
        maxLength={MESSAGE_MAX_LENGTH}
        placeholder="Message the assistant…"
        title="Enter sends; Shift+Enter starts a new line"
        value={props.draft}
        onInput={(e) => props.onDraft(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) props.onSend(e)
        }}
      />
      <button type="submit" class={styles.send} disabled={props.waiting || !props.draft.trim()}>
        {props.waiting ? 'Sends after this reply' : 'Send'}
      </button>
      <span role="status" class="visually-hidden">
        {props.waiting ? 'Your message will be sent after this reply.' : ''}
      </span>
    </form>
  )
}
