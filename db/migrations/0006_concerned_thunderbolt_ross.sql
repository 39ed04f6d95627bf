CREATE TABLE `scripts` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`style` text NOT NULL,
	`body` text NOT NULL,
	`shared` integer DEFAULT false NOT NULL,
	`archived_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `scripts_owner_idx` ON `scripts` (`owner_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `scripts_created_idx` ON `scripts` (`created_at`,`id`);--> statement-breakpoint
ALTER TABLE `workspace_settings` ADD `spoken_dash` text DEFAULT 'dash' NOT NULL;