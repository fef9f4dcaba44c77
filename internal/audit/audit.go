// Package audit keeps the append-only audit log: every state change in every
// domain records who, when, which unit, what action, on which object, and a
// short before/after summary. Entries are chained by SHA-256 so that a changed,
// removed or inserted row is detected by Verify.
//
// It is its own package (DESIGN.md puts it under auth) because every domain,
// org included, appends to it inside its own transactions, and auth depends on
// org: putting it in auth would make a cycle.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/store"
)

// Actor is who performs an action: a user, or the command line / system
// (ID 0, Login "cli" or "system").
type Actor struct {
	ID     int64
	Login  string
	UnitID int64
	IP     string
}

// CLI is the actor for commands run on the server's shell.
var CLI = Actor{Login: "cli"}

// System is the actor for background jobs and setup.
var System = Actor{Login: "system"}

// Event is what happened.
type Event struct {
	Action     string // "unit.create", "user.reset_password", ...
	ObjectType string // "unit", "user", ...
	ObjectID   string
	UnitID     int64 // unit the object belongs to, 0 when none
	Summary    string
}

// Entry is one stored row of the log.
type Entry struct {
	ID         int64
	At         time.Time
	ActorID    int64
	Actor      string
	UnitID     int64
	Action     string
	ObjectType string
	ObjectID   string
	Summary    string
	IP         string
	PrevHash   string
	Hash       string
}

// maxSummary keeps summaries short; the log is not a copy of the data.
const maxSummary = 2000

// Append adds an entry in the caller's transaction, so the log and the change
// it describes commit together or not at all.
func Append(ctx context.Context, tx *store.Tx, a Actor, ev Event) error {
	if ev.Action == "" || ev.ObjectType == "" {
		return fmt.Errorf("audit: action and object type are required")
	}
	lock := ""
	if tx.Dialect() == store.Postgres {
		lock = " FOR UPDATE"
	}
	var lastID int64
	var prev string
	if err := tx.QueryRow(ctx, `SELECT last_id, hash FROM audit_head WHERE id = 1`+lock).Scan(&lastID, &prev); err != nil {
		return fmt.Errorf("audit: read head: %w", err)
	}
	e := Entry{
		ID: lastID + 1, At: store.Now(), ActorID: a.ID, Actor: a.Login, UnitID: ev.UnitID,
		Action: ev.Action, ObjectType: ev.ObjectType, ObjectID: ev.ObjectID,
		Summary: truncate(ev.Summary, maxSummary), IP: a.IP, PrevHash: prev,
	}
	if e.Actor == "" {
		e.Actor = "system"
	}
	e.Hash = e.computeHash()
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (id, at, actor_id, actor, unit_id, action, object_type, object_id, summary, ip, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		e.ID, e.At, nullID(e.ActorID), e.Actor, nullID(e.UnitID), e.Action, e.ObjectType, e.ObjectID, e.Summary, e.IP, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("audit: insert: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE audit_head SET last_id = $1, hash = $2 WHERE id = 1`, e.ID, e.Hash); err != nil {
		return fmt.Errorf("audit: update head: %w", err)
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	for len(string(r)) > n-3 {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// computeHash hashes the previous hash and every field of the entry.
func (e Entry) computeHash() string {
	h := sha256.New()
	for _, f := range []string{
		e.PrevHash, strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339Nano),
		strconv.FormatInt(e.ActorID, 10), e.Actor, strconv.FormatInt(e.UnitID, 10),
		e.Action, e.ObjectType, e.ObjectID, e.Summary, e.IP,
	} {
		h.Write([]byte(f))
		h.Write([]byte{0x1f})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Diff renders a short before/after summary of the fields that changed:
// `名称: "旧" → "新"; 电话: "" → "0571-1234"`. Keys are sorted.
func Diff(before, after map[string]string) string {
	keys := make([]string, 0, len(after))
	for k := range after {
		keys = append(keys, k)
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		if before[k] != after[k] {
			parts = append(parts, fmt.Sprintf("%s: %q → %q", k, before[k], after[k]))
		}
	}
	if len(parts) == 0 {
		return "无变化"
	}
	return strings.Join(parts, "; ")
}
