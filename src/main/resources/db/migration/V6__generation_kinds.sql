-- Interpolations and arithmetic strips are recorded as generations too, so that they can
-- be looked up and replayed and their checkpoints are kept. kind says which operation made
-- the record; walk_json holds a walk's inputs (method, frames, the ends' seeds or latent
-- vectors, or the arithmetic's three seed lists). A walk has no single seed.
alter table generations add column kind varchar(16) default 'generate' not null;
alter table generations add column walk_json varchar;
alter table generations alter column seed drop not null;
