-- provider_callbacks.payload keeps an excerpt of the body (a few KB, less for refused ones); this is how long the
-- body was as received, in characters, so an operator knows what was cut.
ALTER TABLE provider_callbacks ADD COLUMN payload_length INTEGER;
