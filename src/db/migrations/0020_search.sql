-- Search (issue 10, "Find anyone, read everything"): the person as each referral names them, folded (lower
-- case, accents and apostrophes gone: identifiers/names.ts foldName), behind a trigram index for partial names
-- in any order. New referrals get it from the application; existing ones are folded here the same way for
-- the letters of Latin-1 and Latin Extended-A and -B.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "search_name" text;--> statement-breakpoint
UPDATE "referrals" SET "search_name" = btrim(regexp_replace(lower(
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(translate("given_name" || ' ' || "family_name",
    'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝàáâãäåçèéêëìíîïðñòóôõöøùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻǾǿȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳ',
    'aaaaaaceeeeiiiidnoooooouuuuyaaaaaaceeeeiiiidnoooooouuuuyyaaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiijjkkllllllllllnnnnnnoooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzoouuaaiioouuuuuuuuuuaaaaggkkoooojggnnaaooaaaaeeeeiiiioooorrrruuuusstthhaaeeooooooooyy'), 'Æ', 'ae'), 'Þ', 'th'), 'ß', 'ss'), 'æ', 'ae'), 'þ', 'th'), 'Œ', 'oe'), 'œ', 'oe'), 'Ǣ', 'ae'), 'ǣ', 'ae'), 'Ǽ', 'ae'), 'ǽ', 'ae'), '''', ''), '’', ''), '‘', ''), '`', ''), 'ʼ', '')
), '[^a-z0-9]+', ' ', 'g'));--> statement-breakpoint
CREATE INDEX "referrals_search_name_trgm_idx" ON "referrals" USING gin ("search_name" gin_trgm_ops);--> statement-breakpoint
-- Contact notes in the timeline (issue 10: "Contact notes are stored but never shown"): a contact's entry
-- names its contact, so the episode page shows the notes beside it. Earlier entries are matched to their
-- contact by when it happened and the referral of its episode.
ALTER TABLE "timeline_events" ADD COLUMN "contact_id" uuid;--> statement-breakpoint
UPDATE "timeline_events" te SET "contact_id" = c."id"
  FROM "contacts" c JOIN "episodes" e ON e."id" = c."episode_id"
  WHERE te."kind" = 'contact.recorded' AND te."referral_id" = e."referral_id" AND te."at" = c."at";
