import { sql, SqliteAdapter, type Kysely } from 'kysely'

// Frozen: never edit a migration once it has landed; add a new one instead.
//
// SQLite: a full-text index of every task's title and description (FTS5 with the trigram
// tokenizer, so any 3+ character piece of a word is found, as LIKE '%…%' finds it), kept in
// step with the tasks table by triggers. It only narrows a search; the LIKE still decides
// (tasks.repository.ts), so results match PostgreSQL's. PostgreSQL gets nothing here.
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return
  await sql`create virtual table tasks_fts using fts5(title, description, content='tasks', content_rowid='id', tokenize='trigram')`.execute(db)
  await sql`insert into tasks_fts(tasks_fts) values ('rebuild')`.execute(db)
  await sql`
    create trigger tasks_fts_insert after insert on tasks begin
      insert into tasks_fts(rowid, title, description) values (new.id, new.title, new.description);
    end`.execute(db)
  await sql`
    create trigger tasks_fts_delete after delete on tasks begin
      insert into tasks_fts(tasks_fts, rowid, title, description) values ('delete', old.id, old.title, old.description);
    end`.execute(db)
  await sql`
    create trigger tasks_fts_update after update of title, description on tasks begin
      insert into tasks_fts(tasks_fts, rowid, title, description) values ('delete', old.id, old.title, old.description);
      insert into tasks_fts(rowid, title, description) values (new.id, new.title, new.description);
    end`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return
  for (const trigger of ['tasks_fts_update', 'tasks_fts_delete', 'tasks_fts_insert']) await sql.raw(`drop trigger ${trigger}`).execute(db)
  await sql`drop table tasks_fts`.execute(db)
}
