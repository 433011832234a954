-- Generations (reproducible: every input recorded), prompts (saved conditions) and evaluations.

create table prompts (
    id           varchar(36)  not null primary key,
    owner        varchar(100) not null,
    model_id     varchar(36)  not null,
    name         varchar(200) not null,
    prompt_text  varchar(1000),
    condition_json varchar    not null,
    created_at   timestamp with time zone not null
);
create index prompts_owner on prompts (owner, created_at);

create table generations (
    id            varchar(36)  not null primary key,
    owner         varchar(100) not null,
    model_id      varchar(36)  not null,
    checkpoint_id varchar(36)  not null,
    prompt_id     varchar(36),
    prompt_text   varchar(1000),
    condition_json varchar,
    seed          bigint       not null,
    image_count   integer      not null,
    truncation    double precision,
    created_at    timestamp with time zone not null
);
create index generations_owner on generations (owner, created_at);
create index generations_model on generations (model_id, checkpoint_id);

create table evaluations (
    id            varchar(36)  not null primary key,
    owner         varchar(100) not null,
    model_id      varchar(36)  not null,
    checkpoint_id varchar(36)  not null,
    dataset_id    varchar(64)  not null,
    split         varchar(16)  not null,
    metrics       varchar      not null,
    options       varchar      not null,
    status        varchar(16)  not null,
    progress      double precision not null,
    results       varchar,
    error         varchar(2000),
    node          varchar(200),
    created_at    timestamp with time zone not null,
    started_at    timestamp with time zone,
    finished_at   timestamp with time zone,
    version       bigint       not null
);
create index evaluations_owner on evaluations (owner, created_at);
create index evaluations_model on evaluations (model_id, created_at);
create index evaluations_checkpoint on evaluations (checkpoint_id);
