"""coaching reviews

* ``qa_rubrics``: the QA scoring rubric as data, one row per criterion of a version (code,
  Hebrew and English label, weight, scale 0..scale). A new version is new rows
  (``agent_desk.coaching.publish_rubric`` of ``resources/qa/rubric.yaml``, as an admin); a
  review keeps the version it was scored on. Version 1 is seeded here.
* ``qa_reviews`` (0001) gains the rubric version, the per-criterion scores, the review's
  status (``sent`` → ``acknowledged`` | ``disputed`` → ``resolved``), and the agent's answer:
  their comment and when they gave it.
* PostgreSQL (roles of 0008): ``qa_rubrics`` owned by ``desk_owner`` with forced row-level
  security; everyone reads it, admins write it. On ``qa_reviews`` an agent may UPDATE only
  the answer columns (a column grant) of reviews of their own calls (a policy), and a
  trigger (``qa_reviews_answer_rules``) holds what a grant cannot say: the agent answers
  once, acknowledged or disputed, a dispute with a comment, the time stamped by the server,
  and nothing else of the review changes; the reviewer never writes the agent's answer and
  may only mark a dispute resolved. Admins write any review. (Leads: 0008's policies —
  reviews of teammates' calls, never their own.)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-25 18:20:00
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Version 1 of resources/qa/rubric.yaml, frozen here (a migration never reads a file that
# may change later): code, Hebrew, English, weight, scale.
_RUBRIC_V1 = (
    ("opening", "פתיחה ואימות זהות", "Opening and identification", 10, 5),
    ("discovery", "הבנת סיבת העזיבה", "Understood why the customer is leaving", 20, 5),
    ("offer_fit", "התאמת ההצעה לצורך", "The offer fitted the need", 25, 5),
    ("objections", "טיפול בהתנגדויות", "Handled objections", 20, 5),
    ("compliance", "הצגת התנאים כנדרש", "Stated the terms as required", 15, 1),
    ("closing", "סיכום השיחה ותיעוד", "Summed up and documented the call", 10, 5),
)
# A fixed key for each seeded criterion, so upgrading twice (or on two servers) agrees.
_SEED_IDS = (
    "0193a000-0014-7000-8000-000000000001", "0193a000-0014-7000-8000-000000000002",
    "0193a000-0014-7000-8000-000000000003", "0193a000-0014-7000-8000-000000000004",
    "0193a000-0014-7000-8000-000000000005", "0193a000-0014-7000-8000-000000000006",
)

_ANSWER_COLUMNS = "status, agent_comment, answered_at"
_GRANTS = (
    "GRANT SELECT ON qa_rubrics TO desk_agent, desk_admin, desk_jobs",
    "GRANT INSERT, UPDATE, DELETE ON qa_rubrics TO desk_admin",
    f"GRANT UPDATE ({_ANSWER_COLUMNS}) ON qa_reviews TO desk_agent",
    "GRANT INSERT, UPDATE ON qa_reviews TO desk_admin",
)
_REVOKES = (
    f"REVOKE UPDATE ({_ANSWER_COLUMNS}) ON qa_reviews FROM desk_agent",
    "REVOKE INSERT, UPDATE ON qa_reviews FROM desk_admin",
)
# (table, policy, command, roles, USING, WITH CHECK)
_OWN_CALL = "desk_call_agent(call_id) = desk_me()"
_POLICIES: tuple[tuple[str, str, str, str, str | None, str | None], ...] = (
    ("qa_rubrics", "qa_rubrics_read", "SELECT", "desk_agent, desk_admin, desk_jobs", "true", None),
    ("qa_rubrics", "qa_rubrics_admin", "ALL", "desk_admin", "true", "true"),
    ("qa_rubrics", "qa_rubrics_owner", "ALL", "desk_owner", "true", "true"),
    ("qa_reviews", "qa_agent_answer", "UPDATE", "desk_agent", _OWN_CALL, _OWN_CALL),
    ("qa_reviews", "qa_admin_write", "ALL", "desk_admin", "true", "true"),
)

_RULES = """
CREATE FUNCTION desk_qa_review_rules() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $fn$
DECLARE
    me uuid;
BEGIN
    -- Set-up (the migration login, superusers) and admins are not held to these rules.
    IF pg_has_role(session_user, 'desk_owner', 'MEMBER') OR desk_role() = 'admin' THEN
        RETURN NEW;
    END IF;
    me := desk_me();
    IF TG_OP = 'INSERT' THEN
        -- A new review waits for the agent's answer; nobody writes it for them.
        NEW.status := 'sent';
        NEW.agent_comment := NULL;
        NEW.answered_at := NULL;
        RETURN NEW;
    END IF;
    IF me IS NOT NULL AND me = desk_call_agent(OLD.call_id) THEN
        IF (to_jsonb(NEW) - ARRAY['status', 'agent_comment', 'answered_at'])
           IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['status', 'agent_comment', 'answered_at']) THEN
            RAISE EXCEPTION 'only the answer to a review of your call can change'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF OLD.status <> 'sent' THEN
            RAISE EXCEPTION 'review % was answered already', OLD.id USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.status NOT IN ('acknowledged', 'disputed') THEN
            RAISE EXCEPTION 'an answer acknowledges or disputes the review' USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.status = 'disputed' AND coalesce(btrim(NEW.agent_comment), '') = '' THEN
            RAISE EXCEPTION 'a dispute needs a comment' USING ERRCODE = 'check_violation';
        END IF;
        NEW.answered_at := now();
        RETURN NEW;
    END IF;
    -- The reviewer: the agent's answer stays theirs; a dispute may be marked resolved.
    IF NEW.agent_comment IS DISTINCT FROM OLD.agent_comment OR NEW.answered_at IS DISTINCT FROM OLD.answered_at
       OR (NEW.status IS DISTINCT FROM OLD.status AND NOT (OLD.status = 'disputed' AND NEW.status = 'resolved')) THEN
        RAISE EXCEPTION 'the agent''s answer to a review is theirs to give' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$fn$
"""


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _has_desk_roles() -> bool:
    return bool(op.get_bind().scalar(sa.text("SELECT count(*) FROM pg_roles WHERE rolname = 'desk_owner'")))


def upgrade() -> None:
    rubrics = op.create_table(
        "qa_rubrics",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label_he", sa.String(length=200), nullable=False),
        sa.Column("label_en", sa.String(length=200), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("scale", sa.Integer(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("weight > 0 AND scale BETWEEN 1 AND 10", name=op.f("ck_qa_rubrics_weight_and_scale")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_rubrics")),
        sa.UniqueConstraint("version", "code", name=op.f("uq_qa_rubrics_version_code")),
    )
    now = datetime.now(UTC)
    op.bulk_insert(rubrics, [
        {"id": uuid.UUID(key), "version": 1, "code": code, "label_he": he, "label_en": en,
         "weight": weight, "scale": scale, "sort_order": order, "created_at": now}
        for order, (key, (code, he, en, weight, scale)) in enumerate(zip(_SEED_IDS, _RUBRIC_V1, strict=True))
    ])
    with op.batch_alter_table("qa_reviews", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rubric_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("scores", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("status", sa.String(length=16), server_default=sa.text("'sent'"),
                                      nullable=False))
        batch_op.add_column(sa.Column("agent_comment", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_qa_reviews_status"), ["status"], unique=False)
    if _postgres() and _has_desk_roles():
        op.execute("ALTER TABLE qa_rubrics OWNER TO desk_owner")
        op.execute("ALTER TABLE qa_rubrics ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE qa_rubrics FORCE ROW LEVEL SECURITY")
        for grant in _GRANTS:
            op.execute(grant)
        for table, name, command, roles, using, check in _POLICIES:
            clauses = (f" USING ({using})" if using else "") + (f" WITH CHECK ({check})" if check else "")
            op.execute(f"CREATE POLICY {name} ON {table} AS PERMISSIVE FOR {command} TO {roles}{clauses}")
        op.execute(_RULES)
        op.execute("ALTER FUNCTION desk_qa_review_rules() OWNER TO desk_owner")
        op.execute("CREATE TRIGGER qa_reviews_answer_rules BEFORE INSERT OR UPDATE ON qa_reviews "
                   "FOR EACH ROW EXECUTE FUNCTION desk_qa_review_rules()")


def downgrade() -> None:
    if _postgres():
        op.execute("DROP TRIGGER IF EXISTS qa_reviews_answer_rules ON qa_reviews")
        op.execute("DROP FUNCTION IF EXISTS desk_qa_review_rules()")
        for table, name, *_rest in reversed(_POLICIES):
            if table == "qa_reviews":
                op.execute(f"DROP POLICY IF EXISTS {name} ON {table}")
        if _has_desk_roles():
            for revoke in _REVOKES:
                op.execute(revoke)
    with op.batch_alter_table("qa_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qa_reviews_status"))
        batch_op.drop_column("answered_at")
        batch_op.drop_column("agent_comment")
        batch_op.drop_column("status")
        batch_op.drop_column("scores")
        batch_op.drop_column("rubric_version")
    op.drop_table("qa_rubrics")
