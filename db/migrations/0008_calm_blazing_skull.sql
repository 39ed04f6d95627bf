CREATE TABLE `campaign_enrolments` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`prospect_id` text NOT NULL,
	`owner_id` text NOT NULL,
	`status` text NOT NULL,
	`step_index` integer DEFAULT 0 NOT NULL,
	`next_due_at` integer,
	`enrolled_at` integer NOT NULL,
	`last_touch_at` integer,
	`paused_at` integer,
	`pause_reason` text,
	`ended_at` integer,
	`end_reason` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`prospect_id`) REFERENCES `prospects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaign_enrolments_unique` ON `campaign_enrolments` (`campaign_id`,`prospect_id`);--> statement-breakpoint
CREATE INDEX `campaign_enrolments_due_idx` ON `campaign_enrolments` (`owner_id`,`status`,`next_due_at`);--> statement-breakpoint
CREATE INDEX `campaign_enrolments_prospect_idx` ON `campaign_enrolments` (`prospect_id`,`status`);--> statement-breakpoint
CREATE TABLE `campaign_touches` (
	`id` text PRIMARY KEY NOT NULL,
	`enrolment_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`prospect_id` text NOT NULL,
	`step` integer NOT NULL,
	`kind` text NOT NULL,
	`outcome` text NOT NULL,
	`user_id` text,
	`voicemail_id` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`enrolment_id`) REFERENCES `campaign_enrolments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`prospect_id`) REFERENCES `prospects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `campaign_touches_campaign_idx` ON `campaign_touches` (`campaign_id`,`step`,`at`);--> statement-breakpoint
CREATE INDEX `campaign_touches_enrolment_idx` ON `campaign_touches` (`enrolment_id`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`steps` text NOT NULL,
	`shared` integer DEFAULT false NOT NULL,
	`archived_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `campaigns_owner_idx` ON `campaigns` (`owner_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `experiment_assignments` (
	`experiment_id` text NOT NULL,
	`prospect_id` text NOT NULL,
	`arm_id` text NOT NULL,
	`reason` text NOT NULL,
	`chosen_arm_id` text,
	`user_id` text,
	`assigned_at` integer NOT NULL,
	`previous_play_id` text,
	PRIMARY KEY(`experiment_id`, `prospect_id`),
	FOREIGN KEY (`experiment_id`) REFERENCES `experiments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`prospect_id`) REFERENCES `prospects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `experiment_assignments_arm_idx` ON `experiment_assignments` (`experiment_id`,`arm_id`);--> statement-breakpoint
CREATE TABLE `experiments` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`goal` text NOT NULL,
	`arms` text NOT NULL,
	`user_ids` text,
	`min_per_arm` integer DEFAULT 30 NOT NULL,
	`starts_at` integer NOT NULL,
	`stopped_at` integer,
	`winner_arm_id` text,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `experiments_running_idx` ON `experiments` (`stopped_at`,`kind`);--> statement-breakpoint
ALTER TABLE `users` ADD `holidays` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `voicemails` ADD `experiment_id` text;--> statement-breakpoint
ALTER TABLE `voicemails` ADD `campaign_enrolment_id` text;--> statement-breakpoint
ALTER TABLE `voicemails` ADD `campaign_step` integer;--> statement-breakpoint
CREATE INDEX `voicemails_experiment_idx` ON `voicemails` (`experiment_id`,`left_at`);--> statement-breakpoint
CREATE INDEX `voicemails_script_idx` ON `voicemails` (`script_id`,`left_at`);--> statement-breakpoint
ALTER TABLE `workspace_settings` ADD `default_script_id` text;--> statement-breakpoint
ALTER TABLE `workspace_settings` ADD `default_play_id` text;