# The seed's stack, as a benchmark baseline only: FastAPI + SQLAlchemy + SQLite, one
# uvicorn worker, the same task endpoints and JSON, bearer-token auth checked against a
# sessions table on every request (as ours is). Debian's python3-fastapi, python3-uvicorn
# and python3-sqlalchemy; run with /usr/bin/python3 app.py DB_PATH PORT.
import sys
from datetime import datetime, timezone
from typing import Optional

import uvicorn
from fastapi import Depends, FastAPI, Header, HTTPException
from pydantic import BaseModel, Field
from sqlalchemy import Boolean, Column, Integer, String, Text, create_engine, select
from sqlalchemy.orm import Session, declarative_base, sessionmaker

DB_PATH, PORT = sys.argv[1], int(sys.argv[2])
engine = create_engine(f"sqlite:///{DB_PATH}", connect_args={"check_same_thread": False})
SessionLocal = sessionmaker(bind=engine)
Base = declarative_base()


class Task(Base):
    __tablename__ = "tasks"
    id = Column(Integer, primary_key=True)
    user_id = Column(String, nullable=False, index=True)
    title = Column(String(200), nullable=False)
    description = Column(Text)
    completed = Column(Boolean, nullable=False, default=False)
    priority = Column(String, nullable=False, default="medium")
    due_date = Column(String)
    created_at = Column(String, nullable=False)
    updated_at = Column(String, nullable=False)


class SessionRow(Base):
    __tablename__ = "sessions"
    token = Column(String, primary_key=True)
    user_id = Column(String, nullable=False)


Base.metadata.create_all(engine)


class TaskCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    description: Optional[str] = Field(default=None, max_length=2000)
    priority: str = "medium"
    due_date: Optional[str] = None


class TaskPatch(BaseModel):
    title: Optional[str] = Field(default=None, min_length=1, max_length=200)
    description: Optional[str] = None
    priority: Optional[str] = None
    due_date: Optional[str] = None
    completed: Optional[bool] = None


def db():
    s = SessionLocal()
    try:
        yield s
    finally:
        s.close()


def user(authorization: str = Header(default=""), s: Session = Depends(db)) -> str:
    row = s.get(SessionRow, authorization.removeprefix("Bearer "))
    if row is None:
        raise HTTPException(status_code=401, detail="Unauthorized")
    return row.user_id


def out(t: Task) -> dict:
    return {
        "id": t.id, "title": t.title, "description": t.description, "completed": t.completed,
        "priority": t.priority, "due_date": t.due_date, "created_at": t.created_at, "updated_at": t.updated_at,
    }


app = FastAPI()


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/api/tasks")
def list_tasks(limit: int = 50, uid: str = Depends(user), s: Session = Depends(db)):
    rows = s.execute(select(Task).where(Task.user_id == uid).order_by(Task.id.desc()).limit(limit + 1)).scalars().all()
    items = [out(t) for t in rows[:limit]]
    return {"items": items, "next_cursor": str(rows[limit - 1].id) if len(rows) > limit else None}


@app.post("/api/tasks", status_code=201)
def create_task(body: TaskCreate, uid: str = Depends(user), s: Session = Depends(db)):
    now = datetime.now(timezone.utc).isoformat()
    t = Task(user_id=uid, title=body.title.strip(), description=body.description, priority=body.priority,
             due_date=body.due_date, completed=False, created_at=now, updated_at=now)
    s.add(t)
    s.commit()
    s.refresh(t)
    return out(t)


@app.patch("/api/tasks/{task_id}")
def patch_task(task_id: int, body: TaskPatch, uid: str = Depends(user), s: Session = Depends(db)):
    t = s.execute(select(Task).where(Task.id == task_id, Task.user_id == uid)).scalar_one_or_none()
    if t is None:
        raise HTTPException(status_code=404, detail="Task not found")
    for k, v in body.dict(exclude_unset=True).items():
        setattr(t, k, v)
    t.updated_at = datetime.now(timezone.utc).isoformat()
    s.commit()
    s.refresh(t)
    return out(t)


if __name__ == "__main__":
    # Seeding for the benchmark: one session token and 50 tasks for it.
    with SessionLocal() as s:
        if s.get(SessionRow, "bench-token") is None:
            s.add(SessionRow(token="bench-token", user_id="bench"))
            now = datetime.now(timezone.utc).isoformat()
            for i in range(50):
                s.add(Task(user_id="bench", title=f"task {i}", description="benchmark", completed=False,
                           priority="medium", created_at=now, updated_at=now))
            s.commit()
    uvicorn.run(app, host="127.0.0.1", port=PORT, workers=1, log_level="warning", access_log=False)
