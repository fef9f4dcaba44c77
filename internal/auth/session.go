package auth

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/store"
)

// Session is a logged-in browser. The cookie holds a random token; the
// database holds only its SHA-256.
type Session struct {
	UserID     int64
	CSRFToken  string // per-session form token, checked on every unsafe request
	MFAPending bool   // password accepted, TOTP code still to come
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // absolute end, whatever the activity
	IP         string
	UserAgent  string
}

// lastSeenEvery bounds how often a session's last_seen_at is written:
// idle expiry needs no finer grain, and reads stay reads.
const lastSeenEvery = time.Minute

// CreateSession starts a session for u and returns the cookie token
// (32 random bytes, base64url). The login itself is audited by
// Authenticate or CompleteMFA, not here.
func (s *Service) CreateSession(ctx context.Context, u User, ip, userAgent string, mfaPending bool) (string, Session, error) {
	if u.ID == 0 {
		return "", Session{}, fmt.Errorf("create session: no user")
	}
	now := s.clock()
	tok := randomToken(32)
	sess := Session{
		UserID: u.ID, CSRFToken: randomToken(32), MFAPending: mfaPending,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.cfg.SessionAbsolute),
		IP: truncateRunes(ip, 64), UserAgent: truncateRunes(userAgent, 512),
	}
	_, err := s.db.Exec(ctx, `INSERT INTO sessions (id_hash, user_id, csrf_token, mfa_pending, ip, user_agent, created_at, last_seen_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)`,
		hashToken(tok), sess.UserID, sess.CSRFToken, sess.MFAPending, sess.IP, sess.UserAgent, now, sess.ExpiresAt)
	if err != nil {
		return "", Session{}, fmt.Errorf("user %d: create session: %w", u.ID, err)
	}
	return tok, sess, nil
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

func scanSession(sc scanner) (Session, error) {
	var ss Session
	err := sc.Scan(&ss.UserID, &ss.CSRFToken, &ss.MFAPending, &ss.IP, &ss.UserAgent, &ss.CreatedAt, &ss.LastSeenAt, &ss.ExpiresAt)
	ss.CreatedAt, ss.LastSeenAt, ss.ExpiresAt = ss.CreatedAt.UTC(), ss.LastSeenAt.UTC(), ss.ExpiresAt.UTC()
	return ss, err
}

const sessionCols = `user_id, csrf_token, mfa_pending, ip, user_agent, created_at, last_seen_at, expires_at`

// LookupSession returns the live session for token and its user. A missing,
// idle-expired or expired session, or one whose user is inactive, locked or
// in an inactive unit, is ErrNoSession.
func (s *Service) LookupSession(ctx context.Context, token string) (Session, User, error) {
	ss, r, err := s.lookupSession(ctx, token)
	return ss, r.User, err
}

func (s *Service) lookupSession(ctx context.Context, token string) (Session, userRecord, error) {
	if token == "" {
		return Session{}, userRecord{}, ErrNoSession
	}
	h := hashToken(token)
	ss, err := scanSession(s.db.QueryRow(ctx, `SELECT `+sessionCols+` FROM sessions WHERE id_hash = $1`, h))
	if errors.Is(err, store.ErrNotFound) {
		return Session{}, userRecord{}, ErrNoSession
	}
	if err != nil {
		return Session{}, userRecord{}, fmt.Errorf("lookup session: %w", err)
	}
	now := s.clock()
	if !now.Before(ss.ExpiresAt) || now.Sub(ss.LastSeenAt) >= s.cfg.SessionIdle {
		// Expired: housekeeping, not an event worth an audit entry.
		if _, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE id_hash = $1`, h); err != nil {
			return Session{}, userRecord{}, fmt.Errorf("delete expired session: %w", err)
		}
		return Session{}, userRecord{}, ErrNoSession
	}
	r, err := loadUser(ctx, s.db, ss.UserID, false)
	if errors.Is(err, store.ErrNotFound) {
		return Session{}, userRecord{}, ErrNoSession
	}
	if err != nil {
		return Session{}, userRecord{}, fmt.Errorf("lookup session: %w", err)
	}
	if !r.Active || !r.unitActive || r.Locked(now) {
		return Session{}, userRecord{}, ErrNoSession
	}
	if now.Sub(ss.LastSeenAt) >= lastSeenEvery {
		if _, err := s.db.Exec(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2`, now, h); err != nil {
			return Session{}, userRecord{}, fmt.Errorf("touch session: %w", err)
		}
		ss.LastSeenAt = now
	}
	return ss, r, nil
}

// DeleteSession ends the session of token (logout). An unknown token is
// not an error.
func (s *Service) DeleteSession(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	h := hashToken(token)
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		var userID int64
		var ip string
		err := tx.QueryRow(ctx, `SELECT user_id, ip FROM sessions WHERE id_hash = $1`, h).Scan(&userID, &ip)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE id_hash = $1`, h); err != nil {
			return err
		}
		r, err := loadUser(ctx, tx, userID, false)
		if err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Actor{ID: r.ID, Login: r.Login, UnitID: r.UnitID, IP: ip}, audit.Event{
			Action: "user.logout", ObjectType: "user", ObjectID: strconv.FormatInt(r.ID, 10), UnitID: r.UnitID,
			Summary: "退出登录",
		})
	})
	if err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions ends every session of a user (logout everywhere) and
// returns how many there were.
func (s *Service) DeleteUserSessions(ctx context.Context, actor audit.Actor, userID int64) (int, error) {
	return s.deleteUserSessions(ctx, actor, userID, "")
}

// DeleteOtherSessions ends every session of a user except the one of
// keepToken, e.g. after a password change.
func (s *Service) DeleteOtherSessions(ctx context.Context, actor audit.Actor, userID int64, keepToken string) (int, error) {
	return s.deleteUserSessions(ctx, actor, userID, hashToken(keepToken))
}

func (s *Service) deleteUserSessions(ctx context.Context, actor audit.Actor, userID int64, keepHash string) (int, error) {
	var n int
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		r, err := loadUser(ctx, tx, userID, true)
		if err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2`, userID, keepHash)
		if err != nil {
			return err
		}
		m, err := res.RowsAffected()
		if err != nil {
			return err
		}
		n = int(m)
		summary := fmt.Sprintf("结束全部会话（%d 个）", n)
		if keepHash != "" {
			summary = fmt.Sprintf("结束当前会话以外的其他会话（%d 个）", n)
		}
		return audit.Append(ctx, tx, actor, audit.Event{
			Action: "user.revoke_sessions", ObjectType: "user", ObjectID: strconv.FormatInt(userID, 10), UnitID: r.UnitID,
			Summary: summary,
		})
	})
	if err != nil {
		return 0, fmt.Errorf("user %d: delete sessions: %w", userID, err)
	}
	return n, nil
}

// deleteSessions removes every session of a user inside tx; the caller audits.
func deleteSessions(ctx context.Context, tx *store.Tx, userID int64) (int, error) {
	res, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	if err != nil {
		return 0, fmt.Errorf("delete sessions: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// CountSessions counts a user's live sessions.
func (s *Service) CountSessions(ctx context.Context, userID int64) (int, error) {
	now := s.clock()
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM sessions WHERE user_id = $1 AND expires_at > $2 AND last_seen_at > $3`,
		userID, now, now.Add(-s.cfg.SessionIdle)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("user %d: count sessions: %w", userID, err)
	}
	return n, nil
}

// PurgeSessions deletes expired sessions (a background job's housekeeping)
// and returns how many.
func (s *Service) PurgeSessions(ctx context.Context) (int, error) {
	now := s.clock()
	res, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2`, now, now.Add(-s.cfg.SessionIdle))
	if err != nil {
		return 0, fmt.Errorf("purge sessions: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
