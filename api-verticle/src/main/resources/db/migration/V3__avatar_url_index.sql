-- "Does another user still show this avatar file?" is asked before a file is deleted: answer it from an index,
-- not a scan of every user. Only users with an avatar are in it.
CREATE INDEX users_avatar_url ON users (avatar_url) WHERE avatar_url IS NOT NULL;
