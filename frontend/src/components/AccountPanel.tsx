import { Match, Switch } from 'solid-js'
import ChangePassword from './ChangePassword'
import DeleteAccount from './DeleteAccount'
import Dialog from './Dialog'
import Sessions from './Sessions'

export type Panel = 'password' | 'sessions' | 'delete'
export type Item = { id: Panel | 'sign-out'; label: string; danger?: boolean }

/** The dialog an account menu entry opens, titled like the entry (loaded on first use). */
export default function AccountPanel(props: { which: Item; email: string; onClose: () => void; onDeleted: () => void }) {
  return (
    <Dialog title={props.which.label} onClose={props.onClose}>
      <Switch>
        <Match when={props.which.id === 'password'}>
          <ChangePassword email={props.email} onDone={props.onClose} />
        </Match>
        <Match when={props.which.id === 'sessions'}>
          <Sessions />
        </Match>
        <Match when={props.which.id === 'delete'}>
          <DeleteAccount email={props.email} onCancel={props.onClose} onDeleted={props.onDeleted} />
        </Match>
      </Switch>
    </Dialog>
  )
}
