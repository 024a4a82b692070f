-- A merchant's pending account takes every capture of that merchant: in a flash sale its single balance row was the
-- lock every callback queued on, from the posting to the commit. Spread like the platform's fees and clearing
-- accounts (a balance is the sum of its rows, wherever it is read; the below-zero check sums them too). Existing rows
-- stay where they are; postings from now on fall into posting id mod 16.
UPDATE ledger_accounts SET balance_slots = 16 WHERE kind = 'pending';
