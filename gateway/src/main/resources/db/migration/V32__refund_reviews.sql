-- The operators' list of refunds held for review (RefundReviews): few rows among all refunds, read oldest first.
CREATE INDEX refunds_needs_review ON refunds (id) WHERE status = 'needs_review';
