import { Migration } from '@mikro-orm/migrations';

/**
 * Staff roles are granted: admins invite tutors and admins (codes hashed at rest, single use,
 * expiring), and a tutor sign-up without an invite becomes a pending application (role
 * `applicant`, no staff powers) until an admin approves or rejects it.
 */
export class Migration0006StaffRoles extends Migration {
  override name = 'Migration0006StaffRoles';

  override up(): void {
    this.addSql(`alter table "users" drop constraint "users_role_check"`);
    this.addSql(`alter table "users" add constraint "users_role_check" check ("role" in ('student', 'parent', 'tutor', 'admin', 'applicant'))`);
    this.addSql(
      `create table "staff_invites" ("id" serial primary key, "code_hash" varchar(64) not null, "role" text not null, "email" varchar(254) null, "created_by_id" int not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "used_by_id" int null, "revoked_at" timestamptz null)`,
    );
    this.addSql(`alter table "staff_invites" add constraint "staff_invites_code_hash_unique" unique ("code_hash")`);
    this.addSql(`alter table "staff_invites" add constraint "staff_invites_role_check" check ("role" in ('tutor', 'admin'))`);
    this.addSql(`create index "staff_invites_created_by_id_index" on "staff_invites" ("created_by_id")`);
    this.addSql(`alter table "staff_invites" add constraint "staff_invites_created_by_id_foreign" foreign key ("created_by_id") references "users" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "staff_invites" add constraint "staff_invites_used_by_id_foreign" foreign key ("used_by_id") references "users" ("id") on update cascade on delete set null`);
    this.addSql(
      `create table "staff_applications" ("id" serial primary key, "user_id" int not null, "role" text not null, "status" text not null, "created_at" timestamptz not null, "decided_at" timestamptz null, "decided_by_id" int null)`,
    );
    this.addSql(`alter table "staff_applications" add constraint "staff_applications_user_id_unique" unique ("user_id")`);
    this.addSql(`alter table "staff_applications" add constraint "staff_applications_role_check" check ("role" in ('tutor'))`);
    this.addSql(`alter table "staff_applications" add constraint "staff_applications_status_check" check ("status" in ('pending', 'approved', 'rejected'))`);
    this.addSql(`create index "staff_applications_status_index" on "staff_applications" ("status")`);
    this.addSql(`alter table "staff_applications" add constraint "staff_applications_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "staff_applications" add constraint "staff_applications_decided_by_id_foreign" foreign key ("decided_by_id") references "users" ("id") on update cascade on delete set null`);
  }
}
