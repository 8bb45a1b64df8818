-- People, interviews, the questions of an interview, and scorecards.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE users (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    email          text        NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    role           text        NOT NULL CHECK (role IN ('admin', 'interviewer', 'candidate')),
    password_hash  text        NOT NULL,
    avatar_url     text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
-- emails are unique whatever their case
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_created_idx ON users (created_at DESC, id DESC);

ALTER TABLE questions ADD COLUMN created_by uuid REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE questions ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || body || ' ' || category)) STORED;
CREATE INDEX questions_search_idx ON questions USING gin (search);

CREATE TABLE interviews (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    title         text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    candidate_id  uuid        NOT NULL REFERENCES users (id),
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    timezone      text        NOT NULL DEFAULT 'UTC',
    location      text,
    meeting_url   text,
    status        text        NOT NULL DEFAULT 'scheduled'
                  CHECK (status IN ('scheduled', 'in_progress', 'completed', 'cancelled', 'no_show')),
    created_by    uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at)
);
CREATE INDEX interviews_starts_idx ON interviews (starts_at, id);
CREATE INDEX interviews_candidate_idx ON interviews (candidate_id, starts_at);

-- One row per interviewer of an interview, with the interview's time range copied in so that PostgreSQL itself
-- refuses to double-book an interviewer: two non-cancelled rows of the same interviewer never overlap.
CREATE TABLE interview_interviewers (
    interview_id    uuid      NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    interviewer_id  uuid      NOT NULL REFERENCES users (id),
    during          tstzrange NOT NULL,
    active          boolean   NOT NULL DEFAULT true,
    PRIMARY KEY (interview_id, interviewer_id),
    CONSTRAINT interviewer_not_double_booked
        EXCLUDE USING gist (interviewer_id WITH =, during WITH &&) WHERE (active)
);
CREATE INDEX interview_interviewers_by_interviewer ON interview_interviewers (interviewer_id, interview_id);

CREATE TABLE interview_questions (
    interview_id  uuid NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    question_id   uuid NOT NULL REFERENCES questions (id),
    position      int  NOT NULL CHECK (position >= 0),
    PRIMARY KEY (interview_id, question_id),
    UNIQUE (interview_id, position)
);
CREATE INDEX interview_questions_by_question ON interview_questions (question_id);

CREATE TABLE feedback (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    interview_id    uuid        NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    interviewer_id  uuid        NOT NULL REFERENCES users (id),
    recommendation  text        CHECK (recommendation IN ('strong_no_hire', 'no_hire', 'hire', 'strong_hire')),
    notes           text        NOT NULL DEFAULT '',
    scores          jsonb       NOT NULL DEFAULT '[]',
    status          text        NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
    submitted_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (interview_id, interviewer_id)
);
