-- For the scheduled sweep (TokenSweep) that deletes tokens long past use.
ALTER TABLE refresh_token ADD KEY ix_refresh_token_expires (expires_at);
ALTER TABLE email_token
    ADD KEY ix_email_token_expires (expires_at),
    ADD KEY ix_email_token_used (used_at);
