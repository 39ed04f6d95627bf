CREATE TABLE `play_versions` (
	`play_id` text NOT NULL,
	`version` integer NOT NULL,
	`message` text,
	`blocks` text DEFAULT '[]' NOT NULL,
	`ctas` text NOT NULL,
	`promise_days` integer,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`play_id`, `version`),
	FOREIGN KEY (`play_id`) REFERENCES `plays`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `plays` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`shared` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`archived_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `plays_owner_idx` ON `plays` (`owner_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `plays_created_idx` ON `plays` (`created_at`,`id`);--> statement-breakpoint
ALTER TABLE `prospects` ADD `play_id` text REFERENCES plays(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `prospects` ADD `ctas` text;--> statement-breakpoint
CREATE INDEX `prospects_play_idx` ON `prospects` (`play_id`);--> statement-breakpoint
ALTER TABLE `visits` ADD `play_id` text REFERENCES plays(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `visits` ADD `play_version` integer;--> statement-breakpoint
CREATE INDEX `visits_play_idx` ON `visits` (`play_id`,`play_version`);