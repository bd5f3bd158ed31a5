-- Which team each staff list opens on, remembered per user (issue 10, "All my teams"): a site code, or
-- `all` for every site the user works at. Kept on the server so it follows the user to another computer
-- (teams hot-desk, in prisons and the community) and never outlives their account.
CREATE TABLE "user_team_choices" (
	"user_id" uuid NOT NULL,
	"list" text NOT NULL,
	"site" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "user_team_choices_user_id_list_pk" PRIMARY KEY("user_id","list")
);
--> statement-breakpoint
ALTER TABLE "user_team_choices" ADD CONSTRAINT "user_team_choices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
