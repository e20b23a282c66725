-- One-time passwords are not kept readable (issue 13 finding 13). An SMS that carries one
-- holds its text with the mark "{otp}" where the password goes, and the password here, only
-- until the SMS is sent or failed; then it is set to NULL. The outbox message's copy is taken
-- out of its payload when the message is dispatched into this queue.
ALTER TABLE sms_deliveries ADD COLUMN secret TEXT;
