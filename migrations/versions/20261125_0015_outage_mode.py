"""outage mode: an incident names several products and areas, and tells every desk it changed

An incident (אירוע משברי) may touch several product categories and several regions at once
(fibre and TV in the north and Haifa): two JSON lists beside the old single columns, which
stay for incidents written before (read as a one-item list; NULL list and NULL column: all).
On PostgreSQL every insert or update of an incident notifies channel ``incidents`` (payload:
its id), so each agent's banner follows within seconds without polling (agent_desk.outage).
Grants and row-level security of ``incidents`` stay as 0008 made them (everyone reads, leads
and admins insert and update).

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-25 18:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANNEL = "incidents"


def upgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("product_categories", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("regions", sa.JSON(), nullable=True))
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"""
        CREATE FUNCTION desk_incident_changed() RETURNS trigger
        LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
        BEGIN
            PERFORM pg_notify('{CHANNEL}', NEW.id::text);
            RETURN NULL;
        END $$""")
    op.execute("ALTER FUNCTION desk_incident_changed() OWNER TO desk_owner")
    op.execute("REVOKE ALL ON FUNCTION desk_incident_changed() FROM PUBLIC")
    op.execute("CREATE TRIGGER incidents_notify AFTER INSERT OR UPDATE ON incidents "
               "FOR EACH ROW EXECUTE FUNCTION desk_incident_changed()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS incidents_notify ON incidents")
        op.execute("DROP FUNCTION IF EXISTS desk_incident_changed()")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("regions")
        batch.drop_column("product_categories")
