package request

// The plumbing every change shares: reading an application (locked inside
// a transaction), writing its event row and audit entry, re-running the
// clock and storing what it says, all in one transaction.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/store"
)

// appSelect reads an application with its unit and handler names.
const appSelect = `SELECT ` + appCols + appFrom

// appCols are the columns scanApp reads; appFrom joins what they name.
const appCols = `r.id, r.unit_id, u.name, u.code, r.reg_no, COALESCE(r.tracking_code, ''), r.channel,
	r.applicant_type, r.applicant_name, r.contact_person, r.id_type, r.id_number, r.phone, r.email, r.address,
	r.postcode, r.description, r.purpose, r.form_wanted, r.delivery_wanted, r.received_on, r.state, r.due_on,
	r.due_provisional, COALESCE(r.handler_id, 0), COALESCE(h.name, ''), r.outcome, r.replied_on, r.reply_basis,
	r.reply_text, r.reply_remedies, COALESCE(r.duplicate_of, 0), COALESCE(r.promoted_doc_id, 0), r.imported,
	r.version, r.created_at, r.updated_at`

const appFrom = ` FROM requests r JOIN units u ON u.id = r.unit_id LEFT JOIN users h ON h.id = r.handler_id`

type rowScanner interface{ Scan(...any) error }

func scanApp(sc rowScanner) (Application, error) {
	var a Application
	var channel, atype, form, delivery, state, outcome string
	err := sc.Scan(&a.ID, &a.UnitID, &a.UnitName, &a.UnitCode, &a.RegNo, &a.TrackingCode, &channel,
		&atype, &a.ApplicantName, &a.ContactPerson, &a.IDType, &a.IDNumber, &a.Phone, &a.Email, &a.Address,
		&a.Postcode, &a.Description, &a.Purpose, &form, &delivery, &a.ReceivedOn, &state, &a.DueOn,
		&a.DueProvisional, &a.HandlerID, &a.HandlerName, &outcome, &a.RepliedOn, &a.ReplyBasis,
		&a.ReplyText, &a.ReplyRemedies, &a.DuplicateOf, &a.PromotedDocID, &a.Imported,
		&a.Version, &a.CreatedAt, &a.UpdatedAt)
	if err != nil {
		return Application{}, err
	}
	a.Channel, a.ApplicantType, a.FormWanted, a.DeliveryWanted = Channel(channel), ApplicantType(atype), FormWanted(form), Delivery(delivery)
	a.State, a.Outcome = State(state), Outcome(outcome)
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return a, nil
}

// getApp reads one application; lock (in a transaction) keeps others from
// changing it until the transaction ends (PostgreSQL; SQLite has one writer).
func getApp(ctx context.Context, q store.Querier, id int64, lock bool) (Application, error) {
	query := appSelect + ` WHERE r.id = $1`
	if lock && q.Dialect() == store.Postgres {
		query += ` FOR UPDATE OF r`
	}
	a, err := scanApp(q.QueryRow(ctx, query, id))
	if err != nil {
		return Application{}, fmt.Errorf("request %d: %w", id, err)
	}
	return a, nil
}

// now is the current instant as stored (UTC, microseconds), from the
// configured clock so that tests can pin it.
func (s *Service) now() time.Time { return s.cfg.Now().UTC().Truncate(time.Microsecond) }

// stateError is ErrState with the reason in Chinese (the web layer shows
// the part after the last ": " that holds Chinese text).
func stateError(reason string) error { return fmt.Errorf("%w: %s", ErrState, reason) }

// anyVersion is the version change takes from the actions that have none
// to check (the applicant's correction, delivery, jobs): no optimistic
// check. Any other version must be the current one: a caller's missing or
// garbled version (the web layer passes -1) is ErrStale, never "whatever
// is current".
const anyVersion = math.MinInt

// change runs fn on the application id, locked, in one transaction, then
// re-runs the clock, stores the application (version + 1) and appends the
// audit entry fn describes. version is checked against the application's
// unless it is anyVersion. fn edits *a and writes its event rows.
func (s *Service) change(ctx context.Context, actor audit.Actor, id int64, version int,
	fn func(tx *store.Tx, a *Application, cx *changeCtx) (action, summary string, err error)) (Application, error) {
	cal, err := s.cfg.Calendar(ctx)
	if err != nil {
		return Application{}, fmt.Errorf("request %d: calendar: %w", id, err)
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		a, err := getApp(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if version != anyVersion && a.Version != version {
			return ErrStale
		}
		cx := &changeCtx{s: s, actor: actor, today: s.Today(), now: s.now()}
		cx.actorName, err = actorName(ctx, tx, actor)
		if err != nil {
			return err
		}
		action, summary, err := fn(tx, &a, cx)
		if err != nil {
			return err
		}
		if err := s.recompute(ctx, tx, cal, &a, cx.today); err != nil {
			return err
		}
		if err := storeApp(ctx, tx, &a, cx.now); err != nil {
			return err
		}
		return appendAudit(ctx, tx, actor, a, action, summary)
	})
	if err != nil {
		return Application{}, err
	}
	return s.Get(ctx, id)
}

// changeCtx is what a change's fn needs besides the application.
type changeCtx struct {
	s         *Service
	actor     audit.Actor
	actorName string
	today     civil.Date
	now       time.Time
}

// event fills the actor and time of ev and inserts it; it returns the id.
func (cx *changeCtx) event(ctx context.Context, tx *store.Tx, a *Application, ev Event) (int64, error) {
	ev.RequestID = a.ID
	ev.ActorID, ev.ActorName, ev.CreatedAt = cx.actor.ID, cx.actorName, cx.now
	return insertEvent(ctx, tx, ev)
}

// storeApp writes the mutable fields of a and bumps its version; a
// version changed meanwhile is ErrStale.
func storeApp(ctx context.Context, tx *store.Tx, a *Application, now time.Time) error {
	res, err := tx.Exec(ctx, `UPDATE requests SET unit_id = $1, state = $2, due_on = $3, due_provisional = $4,
		handler_id = $5, outcome = $6, replied_on = $7, reply_basis = $8, reply_text = $9, reply_remedies = $10,
		duplicate_of = $11, promoted_doc_id = $12, version = version + 1, updated_at = $13
		WHERE id = $14 AND version = $15`,
		a.UnitID, string(a.State), a.DueOn, a.DueProvisional, nullable(a.HandlerID), string(a.Outcome), a.RepliedOn,
		a.ReplyBasis, a.ReplyText, a.ReplyRemedies, nullable(a.DuplicateOf), nullable(a.PromotedDocID), now, a.ID, a.Version)
	if err != nil {
		return fmt.Errorf("request %d: store: %w", a.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("request %d: store: %w", a.ID, err)
	} else if n != 1 {
		return ErrStale
	}
	a.Version++
	a.UpdatedAt = now
	return nil
}

func appendAudit(ctx context.Context, tx *store.Tx, actor audit.Actor, a Application, action, summary string) error {
	return audit.Append(ctx, tx, actor, audit.Event{
		Action: action, ObjectType: "request", ObjectID: strconv.FormatInt(a.ID, 10), UnitID: a.UnitID,
		Summary: summary,
	})
}

const eventCols = `id, request_id, kind, on_date, deadline, days, party_kind, party, COALESCE(ref_id, 0), amount_cents,
	COALESCE(approved_by, 0), approved_by_name, approved_at, COALESCE(from_unit_id, 0), COALESCE(to_unit_id, 0),
	public, note, COALESCE(actor_id, 0), actor_name, created_at`

func scanEvent(sc rowScanner) (Event, error) {
	var e Event
	var kind string
	var approvedAt sql.NullTime
	err := sc.Scan(&e.ID, &e.RequestID, &kind, &e.On, &e.Deadline, &e.Days, &e.PartyKind, &e.Party, &e.RefID,
		&e.AmountCents, &e.ApprovedBy, &e.ApprovedByName, &approvedAt, &e.FromUnitID, &e.ToUnitID,
		&e.Public, &e.Note, &e.ActorID, &e.ActorName, &e.CreatedAt)
	if err != nil {
		return Event{}, err
	}
	e.Kind = EventKind(kind)
	if approvedAt.Valid {
		e.ApprovedAt = approvedAt.Time.UTC()
	}
	e.CreatedAt = e.CreatedAt.UTC()
	return e, nil
}

func insertEvent(ctx context.Context, tx *store.Tx, e Event) (int64, error) {
	var approvedAt any
	if !e.ApprovedAt.IsZero() {
		approvedAt = e.ApprovedAt.UTC()
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO request_events (request_id, kind, on_date, deadline, days, party_kind, party,
		ref_id, amount_cents, approved_by, approved_by_name, approved_at, from_unit_id, to_unit_id, public, note,
		actor_id, actor_name, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id`,
		e.RequestID, string(e.Kind), e.On, e.Deadline, e.Days, e.PartyKind, e.Party, nullable(e.RefID), e.AmountCents,
		nullable(e.ApprovedBy), e.ApprovedByName, approvedAt, nullable(e.FromUnitID), nullable(e.ToUnitID), e.Public,
		e.Note, nullable(e.ActorID), e.ActorName, e.CreatedAt).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("request %d: event %s: %w", e.RequestID, e.Kind, err)
	}
	return id, nil
}

// listEvents reads the events of request id (optionally of some kinds
// only), in the order they happened: by legal date, then as recorded.
func listEvents(ctx context.Context, q store.Querier, id int64, kinds ...EventKind) ([]Event, error) {
	query := `SELECT ` + eventCols + ` FROM request_events WHERE request_id = $1`
	args := []any{id}
	if len(kinds) > 0 {
		query += ` AND kind IN (`
		for i, k := range kinds {
			if i > 0 {
				query += `, `
			}
			args = append(args, string(k))
			query += `$` + strconv.Itoa(len(args))
		}
		query += `)`
	}
	rows, err := q.Query(ctx, query+` ORDER BY on_date, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("request %d: events: %w", id, err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("request %d: events: %w", id, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func getEvent(ctx context.Context, q store.Querier, eventID int64) (Event, error) {
	e, err := scanEvent(q.QueryRow(ctx, `SELECT `+eventCols+` FROM request_events WHERE id = $1`, eventID))
	if err != nil {
		return Event{}, fmt.Errorf("request event %d: %w", eventID, err)
	}
	return e, nil
}

// clockKinds are the events the statutory clock reads.
var clockKinds = []EventKind{EventReceived, EventCorrectionRequested, EventCorrectionReceived,
	EventConsultationSent, EventConsultationAnswered, EventExtension, EventFeeNotified, EventFeePaid,
	EventReplied, EventClosed}

// clockEvents loads what the clock needs of application id's events, in
// the order they happened. Only approved extensions (kind "extension")
// count; a consultation's answer refers to its letter by Ref.
func clockEvents(ctx context.Context, q store.Querier, id int64) ([]ClockEvent, error) {
	evs, err := listEvents(ctx, q, id, clockKinds...)
	if err != nil {
		return nil, err
	}
	out := make([]ClockEvent, 0, len(evs))
	for _, e := range evs {
		ce := ClockEvent{ID: e.ID, Kind: e.Kind, On: e.On, Deadline: e.Deadline, Days: e.Days}
		switch e.Kind {
		case EventConsultationAnswered:
			ce.Ref = e.RefID
			// No Party for consultations: the explanation is shown to the
			// applicant, and a third party's identity is not theirs to see.
		case EventExtension:
			ce.Party = e.ApprovedByName
		}
		out = append(out, ce)
	}
	return out, nil
}

// recompute runs the clock over a's stored events and stores its due date
// in a (the caller writes a).
func (s *Service) recompute(ctx context.Context, q store.Querier, cal Calendar, a *Application, today civil.Date) error {
	evs, err := clockEvents(ctx, q, a.ID)
	if err != nil {
		return err
	}
	c := Compute(cal, s.cfg.Rules, evs, today)
	a.DueOn, a.DueProvisional = c.Due, c.Provisional
	return nil
}

// actorName is the name events show for actor: the user's name, or a
// word for the system and the command line.
func actorName(ctx context.Context, q store.Querier, actor audit.Actor) (string, error) {
	if actor.ID != 0 {
		var name string
		err := q.QueryRow(ctx, `SELECT name FROM users WHERE id = $1`, actor.ID).Scan(&name)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return "", fmt.Errorf("actor %d: %w", actor.ID, err)
		}
	}
	switch actor.Login {
	case "", "system":
		return "系统", nil
	case "cli":
		return "命令行", nil
	case "public", "applicant":
		return "申请人", nil
	}
	return actor.Login, nil
}

func nullable(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
