-- The question bank: the first table of the interview platform.
CREATE TABLE questions (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    title       text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    body        text        NOT NULL DEFAULT '',
    category    text        NOT NULL DEFAULT 'general' CHECK (length(category) BETWEEN 1 AND 60),
    difficulty  text        NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
    tags        text[]      NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Listing order and cursor pagination: newest first, id breaks ties.
CREATE INDEX questions_created_idx ON questions (created_at DESC, id DESC);
CREATE INDEX questions_tags_idx ON questions USING gin (tags);
