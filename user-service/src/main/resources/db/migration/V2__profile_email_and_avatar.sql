-- Profiles are now made from auth-service's UserRegistered event.
-- email: the account's address, shown only to its owner (GET /api/users/me); kept current by EmailVerified.
-- avatar_key now holds the blob-store folder of the avatar's sizes (users/{id}/avatar/), set only once every
-- size is completely written; NULL when the user has no avatar.
ALTER TABLE user_profile
    ADD COLUMN email          VARCHAR(254) NULL AFTER handle,
    ADD COLUMN email_verified BOOLEAN      NOT NULL DEFAULT FALSE AFTER email;
