DROP INDEX `outcomes_prospect_idx`;--> statement-breakpoint
CREATE INDEX `outcomes_prospect_idx` ON `outcomes` (`prospect_id`,`at`,`kind`);--> statement-breakpoint
ALTER TABLE `voicemails` ADD `settled_windows` text;--> statement-breakpoint
ALTER TABLE `voicemails` ADD `settled_visited_at` integer;--> statement-breakpoint
ALTER TABLE `voicemails` ADD `settled_call_returned` integer;--> statement-breakpoint
ALTER TABLE `voicemails` ADD `settled_meeting` integer;--> statement-breakpoint
CREATE INDEX `voicemails_unsettled_idx` ON `voicemails` (`left_at`) WHERE settled_windows is null;--> statement-breakpoint
CREATE INDEX `voicemails_settled_idx` ON `voicemails` (`settled_windows`,`left_at`,`user_id`,`script_id`,`play_id`,`settled_visited_at`,`settled_call_returned`,`settled_meeting`);--> statement-breakpoint
CREATE INDEX `visits_prospect_kind_idx` ON `visits` (`prospect_id`,`kind`,`started_at`);