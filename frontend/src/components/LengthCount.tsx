import { Show } from 'solid-js'
import styles from './LengthCount.module.css'

const count = (n: number) => n.toLocaleString('en')

/** "Titles can be up to 200 characters; this one has 5,000." for text over its limit, else ''. */
export function overLimit(text: string, max: number, noun: string): string {
  const length = text.trim().length
  return length > max ? `${noun} can be up to ${count(max)} characters; this one has ${count(length)}.` : ''
}

/**
 * A field's length against its limit, shown once the text reaches 80 % of it; past the limit
 * it states the limit. Nothing typed or pasted is ever cut: the form refuses to save instead.
 */
export default function LengthCount(props: { id: string; text: string; max: number; noun: string }) {
  const length = () => props.text.trim().length
  return (
    <Show when={length() >= props.max * 0.8}>
      <span id={props.id} class={styles.count} classList={{ [styles.over!]: length() > props.max }} aria-live="polite">
        {overLimit(props.text, props.max, props.noun) || `${count(length())} / ${count(props.max)}`}
      </span>
    </Show>
  )
}
