-- Outcomes for each person (issue 15): wellbeing measures with their raw answers and versioned scores, and the
-- links actually made after release.
CREATE TABLE "outcome_measures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"episode_id" uuid NOT NULL,
	"instrument" text NOT NULL,
	"administered_on" date NOT NULL,
	"answers" jsonb NOT NULL,
	"score" jsonb NOT NULL,
	"scoring_version" integer NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "episode_outcomes" (
	"episode_id" uuid PRIMARY KEY NOT NULL,
	"gp_registered_on" date,
	"substance_misuse_engaged_on" date,
	"mental_health_handover_on" date,
	"accommodation_now" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outcome_measures" ADD CONSTRAINT "outcome_measures_episode_id_episodes_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."episodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_measures" ADD CONSTRAINT "outcome_measures_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "episode_outcomes" ADD CONSTRAINT "episode_outcomes_episode_id_episodes_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."episodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "episode_outcomes" ADD CONSTRAINT "episode_outcomes_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outcome_measures_episode_idx" ON "outcome_measures" USING btree ("episode_id","administered_on");
