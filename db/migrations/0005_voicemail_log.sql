ALTER TABLE `voicemails` ADD `script_id` text;--> statement-breakpoint
ALTER TABLE `voicemails` ADD `text` text;--> statement-breakpoint
ALTER TABLE `voicemails` ADD `play_id` text;--> statement-breakpoint
ALTER TABLE `voicemails` ADD `play_version` integer;--> statement-breakpoint
ALTER TABLE `voicemails` ADD `note` text;--> statement-breakpoint
CREATE INDEX `voicemails_user_idx` ON `voicemails` (`user_id`,`left_at`);--> statement-breakpoint
CREATE INDEX `voicemails_left_idx` ON `voicemails` (`left_at`);--> statement-breakpoint
CREATE INDEX `prospects_phone_idx` ON `prospects` (`phone`);