-- Who wrote an incoming message, apart from the chat it came in. `peer` is the chat (the
-- sender's number in a 1:1 chat, the group's id in a group); in a group the writer is a
-- member, and a quote, a reaction or a read receipt must name that member, not the group.
-- NULL: the writer is the peer (a 1:1 chat, and every row logged before this column).
ALTER TABLE message_log ADD COLUMN author text;
