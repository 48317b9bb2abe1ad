// What a request can be, as data: each intent is one entry with the frames that say it (see
// frames.ts for their syntax) and, where it reads one, the value it sets. The entries are
// tried in the order of `precedence` (lower first); within an entry, frames in order. Whole
// messages that only answer, thank or undo are phrase lists. Nothing here is a regular
// expression; everything is matched word by word.
import type { Priority } from '../contract.js'
import { compileFrame, type Frame } from './frames.js'

export type IntentName =
  | 'clear_completed'
  | 'count'
  | 'list'
  | 'restore'
  | 'reopen'
  | 'clear_due'
  | 'rename'
  | 'describe'
  | 'priority'
  | 'reschedule'
  | 'add'
  | 'complete'
  | 'delete'

export interface IntentEntry {
  name: IntentName
  /** Lower is tried first; ties keep the table's order. */
  precedence: number
  /** An example or two, for the docs and the reader. */
  examples: string[]
  frames: Frame[]
  /** What the entry sets when a frame matches (a priority it names). */
  value?: Priority
}

const DONE = 'done/complete/completed/finished/checked_off/ticked_off/crossed_off/sorted/handled/taken_care_of/dealt_with'
const PRIO = '{priority:1}'

const entry = (name: IntentName, precedence: number, examples: string[], frames: string[], value?: Priority): IntentEntry => ({
  name,
  precedence,
  examples,
  frames: frames.map(compileFrame),
  ...(value && { value }),
})

export const INTENTS: IntentEntry[] = [
  entry('clear_completed', 10, ['clear all completed tasks', 'delete the finished ones'], [
    `delete/remove/clear/clear_out/purge/clean_up/clean_out/get_rid_of/archive/trash/wipe/bin/drop/hide/empty all?/every? of? the?/my? {which} ones?/tasks?/todos?/items?/stuff?`,
  ]),
  entry('count', 20, ['how many tasks do I have?', 'how many are overdue'], ['how_many {filters}', 'count my?/the? {filters}', 'number of {filters}']),
  entry('list', 30, ["what's due this week?", 'show my tasks', 'anything about the car?'], [
    'show/list/display/view/see/print/read/pull_up/bring_up me?/us? {filters}',
    'give/tell/get me {filters}',
    'let/lemme me? see/know? {filters}',
    'what/which/whats/where/when {filters}',
    'any/anything/something {filters}',
    'search/find/look/search_for/look_for/find_me/look_up for?/up? {filters}',
    'got/have_you_got/have_i_got/i_got any/anything {filters}',
    'is/are there {filters}',
    'do/did/have i {filters}',
    'am i {filters}',
    'my? {filters} ,? please?',
  ]),
  entry('restore', 40, ['restore task 9', 'bring back the gym membership task'], [
    'restore/undelete/recover/retrieve/unarchive/untrash {task}',
    'bring/get/put back {task}',
    'bring/get/put {task} back from/out_of? the?/my? trash/bin/deleted?',
    'take {task} out_of the?/my? trash/bin',
  ]),
  entry('reopen', 41, ['reopen the meeting notes', 'task 6 is not done'], [
    'reopen/re-open/unmark/uncheck/untick/uncomplete/un-complete/unfinish/revive {task}',
    'mark/set/make/put/move {task} as?/to?/back_to?/back_as? not_done/not_complete/not_completed/not_finished/not_yet_done/undone/incomplete/unfinished/pending/open/to_do/active again?',
    '{task} is/was/are/were not actually?/yet? done/finished/complete/completed yet?/after_all?',
    '{task} is/was actually not done/finished/complete/completed',
    'i? did/have not actually? finish/complete/do/done {task} yet?/after_all?',
  ]),
  entry('clear_due', 42, ['the garage has no deadline', 'clear the due date of task 4'], [
    'remove/clear/delete/drop/take_off/get_rid_of/unset the? due_date/deadline/date of/from/on/for {task}',
    '{task} has/needs no due_date/deadline/date anymore?',
    '{task} does not have/need a? due_date/deadline/date anymore?',
    "set/change/make {task} 's? due_date/deadline to none/nothing/never/no_date",
    '{task} does_not/do_not/no_longer have/has/need/needs a? due_date/deadline/date anymore?/any_more?',
    'make/set {task} undated',
  ]),
  entry('describe', 43, ['add a note to the dentist task: bring the card'], [
    'add/put/attach/set/write a?/the? note/description/details/detail/comment to/on/for {task} :/,/- {value}',
    'set/change/update the? description/note/notes/details of/for/on {task} to {value}',
  ]),
  entry('rename', 49, ['rename the bills task to pay rent', 'task 2 should actually say call the electrician'], [
    'rename/retitle/re-name {task} to/as/into {value}',
    'change/update/edit/set/fix the? title/name/wording/text of/for/on {task} to {value}',
    "change/update/edit/set/fix {task} 's? title/name/wording/text to {value}",
    'change/update/edit/fix/correct/reword/turn {task} to_say/to_read/so_it_says/so_it_reads/to/into {value}',
    '{task} should actually? say/read/be_called/be_named/be {value}',
    'call {task} {value} instead/from_now_on',
  ]),
  entry('priority', 45, ['make the garage task high priority', 'lower the priority of the plants'], [
    `set/change/make/update/bump/switch/put the? priority/prio of/for/on {task} to/as/at a? ${PRIO} priority?`,
    `make/set/mark/change/put/flag/bump/switch/move {task} to?/as?/at?/into? a? ${PRIO} priority?/prio?`,
    `set/change/make/update {task} 's? priority/prio to/as a? ${PRIO} priority?`,
    `{task} is/should_be/must_be/needs_to_be/has_to_be/is_now/becomes a? ${PRIO} priority?/prio?`,
  ]),
  // The frame naming "the priority of" comes first: otherwise it would be read as part of the task's name.
  entry('priority', 46, ['prioritise the expense report'], ['raise the? priority/prio of/for/on {task}', 'prioritise/prioritize/escalate/bump_up/raise {task} up?'], 'high'),
  entry('priority', 47, ['deprioritise the plants'], ['lower the? priority/prio of/for/on {task}', 'deprioritise/deprioritize/de-prioritise/de-prioritize/lower {task} down?'], 'low'),
  entry('reschedule', 48, ['push the expense report to next week', 'the lisbon flights are due on thursday'], [
    'change/set/update/move/push/postpone/shift the? due_date/deadline/date of/for/on {task} to/till/until/by/back_to {date}',
    "change/set/update/move {task} 's? due_date/deadline/date to {date}",
    'push/move/postpone/reschedule/delay/shift/put_off/bump/defer/slide/schedule/change/set/make/plan back?/out? {task} back?/out?/forward?/over? to/till/until/for/on/by/back_to {date}',
    'push/move/postpone/reschedule/delay/shift/put_off/defer/schedule {task} {date}',
    '{task} is/should_be/must_be/needs_to_be/has_to_be/can_be now? due/done_by/finished_by {date}',
    'make/set {task} due {date}',
    '{task} is? due {date}',
  ]),
  entry('add', 50, ['add pay rent friday !high', 'remind me to call the bank on wednesday'], [
    'add/ad/create/make/insert/jot_down/jot/write_down/note_down/log/stick/throw/pop/chuck/new/set_up/put_down/put {title}',
    'remind me to/about/that? {title}',
    'set/set_up/create/make a/an? reminder/task/todo/note {title}',
    'please? do not let me forget to/about? {title}',
    'do not forget to/about {title}',
    'remember to/that? {title}',
    'i still?/really?/also?/just?/definitely?/will? need/have/want/ought/got to remember_to? {title}',
    'i must/should/gotta/have_got_to/need_a_reminder_to/ought_to/better really?/probably?/definitely? {title}',
    'gotta/got_to/have_got_to/need_to/have_to/must/gonna_have_to/going_to_have_to {title}',
    'note to self :? {title}',
    'new? task/todo/to-do/reminder : {title}',
    'i would like to add {title}',
    'put {title} on/onto/in/to my/the list/todos/tasks/todo_list/to-do_list',
  ]),
  entry('complete', 60, ['mark task 3 as done', 'emailed the landlord, tick it off'], [
    `mark/set/flag/make/tag/put {task} as?/to? ${DONE}`,
    'complete/finish/check_off/tick_off/cross_off/close/check/tick/cross_out/strike/resolve/strike_off/knock_off {task} off?',
    `{task} is/are/was/has_been/have_been/is_now now?/all?/finally?/already? ${DONE}`,
    'i? have?/am? just?/finally?/already? finish/completed/complete/done_with/got_done_with/took_care_of/dealt_with/sorted_out/sorted/handled {task}',
    '{task} ,? you_can/please/so? tick/check/cross/mark it/that/this off/done/as_done/complete',
    'done/finished/completed with/:/-? {task}',
    `{task} ${DONE}`,
  ]),
  entry('delete', 70, ['delete the meeting task', "i don't need to water the plants anymore"], [
    'delete/delte/remove/cancel/drop/erase/trash/bin/scrap/nuke/kill/ditch/discard/axe/get_rid_of/forget_about/forget/take_out/take_off/toss {task} from/off/out_of? my?/the? list/tasks/todos/board/todo_list?',
    '{task} is/are cancelled/canceled/not_needed/no_longer_needed/off anymore?',
    'i do_not/no_longer need/have/want to? {task} anymore?/any_more?',
    'never_mind/nevermind/no_need_for/no_need_to {task}',
  ]),
]
  .map((e, i) => ({ e, i }))
  .sort((a, b) => a.e.precedence - b.e.precedence || a.i - b.i)
  .map(({ e }) => e)

/** The command words of the table: a clause starting with one of these is a new request. */
export const COMMAND_WORDS: ReadonlySet<string> = new Set(
  INTENTS.flatMap((e) => e.frames.flatMap((f) => f.prefix[0]?.alternatives.map((alt) => alt[0]!) ?? [])).filter(
    (w) => !['i', 'my', 'do', 'is', 'are', 'am', 'the', 'new', 'please', 'what', 'which', 'any', 'anything', 'let', 'lemme', 'give', 'get', 'put', 'make', 'set', 'change', 'whats', 'where', 'when', 'something', 'how_many', 'count', 'number', 'remember', 'note', 'gotta', 'need_to', 'have_to', 'must', 'call', 'plan', 'check', 'close', 'log', 'schedule', 'bring', 'take', 'show', 'see', 'view', 'read', 'print', 'done', 'finished', 'completed'].includes(w),
  ),
)

/** Vocabulary for typo correction of the first word: every command word of the table. */
export const COMMAND_VOCABULARY: readonly string[] = [
  ...new Set(INTENTS.flatMap((e) => e.frames.flatMap((f) => f.prefix[0]?.alternatives.map((alt) => alt[0]!) ?? []))),
  'undo', 'help',
].filter((w) => w.length >= 3 && !w.includes('-'))

/** Every word the frames use: never "corrected" as a typo ("gotta" is meant). */
export const FRAME_WORDS: ReadonlySet<string> = new Set(
  INTENTS.flatMap((e) => e.frames.flatMap((f) => [...f.prefix, ...f.middle, ...f.suffix].flatMap((el) => el.alternatives.flat()))),
)

const phrases = (list: string) => new Set(list.split('|').map((s) => s.trim()))

/** Whole messages (filler off) that are answers, thanks, undo or help. */
export const WHOLE: Record<'help' | 'thanks' | 'undo' | 'yes' | 'no', Set<string>> = {
  help: phrases(
    'help|?|what can you do|what do you do|how does this work|how do i use this|how do i use you|commands|hi|hello|hey|yo|good morning|good afternoon|good evening|who are you|start|what can i say|what can i ask',
  ),
  thanks: phrases(
    'thanks|thank you|thx|ty|cheers|great|awesome|cool|nice|perfect|good|lovely|brilliant|thanks so much|thank you so much|thanks a lot|thank you very much|great thanks|ok thanks|ok|okay|got it|ok cool|nice one|sweet',
  ),
  undo: phrases(
    'undo|undo that|undo it|undo this|undo the last one|undo the last thing|undo the last change|undo last|undo please|undo everything|oops|oops undo|whoops|take that back|take it back|revert|revert that|revert it|bring it back|bring that back|put it back|put that back|restore it|restore that|restore them|undelete|undelete it|i did not mean that|i did not mean to|i did not mean to do that|wait no|wait undo|cancel that|cancel the last one|cancel the last change|oops bring it back|oops undo that|oh no undo that|no undo that|undo what you just did|go back|reverse that',
  ),
  yes: phrases(
    'y|yes|yeah|yea|yep|yup|sure|k|correct|right|exactly|confirm|confirmed|do it|go ahead|go for it|please do|yes please|that one|that is it|that is the one|that is right|absolutely|definitely|affirmative|yes do it|yes that one|yes go ahead|sure thing|ya|yes yes|yeah do it|yeah go ahead|yup do it|correct yes|ok do it|okay do it|ok go ahead|yes it is|that is correct',
  ),
  no: phrases(
    'n|no|nope|nah|no thanks|no thank you|cancel|stop|do not|never mind|nevermind|forget it|neither|none|none of them|none of those|leave it|no do not|wrong one|not that one|no leave it|nah leave it|no never mind|no stop',
  ),
}

export const ORDINALS: Record<string, number> = {
  first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, fifth: 5, '5th': 5, sixth: 6,
  '6th': 6, seventh: 7, '7th': 7, eighth: 8, '8th': 8, ninth: 9, '9th': 9, tenth: 10, '10th': 10, last: -1, top: 1,
  latest: -1, one: 1, two: 2, three: 3, four: 4, five: 5,
}
