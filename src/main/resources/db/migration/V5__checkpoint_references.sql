-- A job whose spec refers to another model's checkpoint (a classifier that starts from a
-- trained autoencoder's encoder). The row pins the checkpoint against retention while the
-- referring job exists; deleting either job or the checkpoint's job removes it.
create table checkpoint_references (
    job_id            varchar(36)  not null references training_jobs (id) on delete cascade,
    field             varchar(200) not null,
    referenced_job_id varchar(36)  not null references training_jobs (id) on delete cascade,
    checkpoint_id     varchar(36)  not null references checkpoints (id) on delete cascade,
    primary key (job_id, field)
);
create index checkpoint_references_referenced on checkpoint_references (referenced_job_id);
