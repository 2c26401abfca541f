-- An import job keeps the file it imports, so that a job interrupted by a restart resumes from its progress when the
-- same file is posted again.
alter table import_jobs add column content bytea;
alter table import_jobs add column format varchar(10);
