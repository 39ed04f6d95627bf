CREATE TABLE `alert_bursts` (
	`prospect_id` text PRIMARY KEY NOT NULL,
	`started_at` integer NOT NULL,
	`last_at` integer NOT NULL,
	`visits` integer DEFAULT 0 NOT NULL,
	`follow_ups` integer DEFAULT 0 NOT NULL,
	`due_at` integer NOT NULL,
	FOREIGN KEY (`prospect_id`) REFERENCES `prospects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `alert_bursts_due_idx` ON `alert_bursts` (`due_at`);--> statement-breakpoint
ALTER TABLE `prospect_activity` ADD `burst_visits` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `prospect_activity` ADD `last_burst_at` integer;