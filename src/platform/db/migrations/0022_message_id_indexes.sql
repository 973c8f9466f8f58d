-- Destroying a message deletes its send key (message_client_key) and clears the notes of its shares
-- (message_share), both found by message id, and the conversation view lists a message's shares the same
-- way. Neither table had an index on message_id, so each disposal batch read the whole of
-- message_client_key, which holds a row for every message staff send from the web app or the API with a
-- key: a run over a year of messages read it again for every batch of 2,500.
CREATE INDEX message_client_key_message_idx ON message_client_key (message_id);
CREATE INDEX message_share_message_idx ON message_share (message_id);
