DROP INDEX `voicemails_experiment_idx`;--> statement-breakpoint
CREATE INDEX `voicemails_experiment_idx` ON `voicemails` (`experiment_id`,`left_at`,`id`,`script_id`,`play_id`);