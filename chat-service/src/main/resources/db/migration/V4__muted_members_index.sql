-- A join reads the room's muted members: with this index it reads those, not every member the room ever had.
ALTER TABLE room_member ADD KEY ix_room_member_muted (room_id, muted);
