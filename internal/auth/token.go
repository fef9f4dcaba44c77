package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/audit"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// Token is an API token of a user, for integrations (/api/v1). Only its
// SHA-256 is stored; the plaintext is shown once, when it is created.
type Token struct {
	ID         int64
	UserID     int64
	Name       string
	Prefix     string // first characters of the plaintext, to tell tokens apart
	CreatedAt  time.Time
	LastUsedAt time.Time // zero = never
	ExpiresAt  time.Time // zero = never
	RevokedAt  time.Time // zero = not revoked
}

const (
	tokenPrefix    = "gk_"
	tokenPrefixLen = 10
)

const tokenCols = `id, user_id, name, prefix, created_at, last_used_at, expires_at, revoked_at`

func scanToken(sc scanner) (Token, error) {
	var t Token
	var used, exp, rev sql.NullTime
	if err := sc.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.CreatedAt, &used, &exp, &rev); err != nil {
		return t, err
	}
	t.CreatedAt = t.CreatedAt.UTC()
	t.LastUsedAt, t.ExpiresAt, t.RevokedAt = utcOrZero(used), utcOrZero(exp), utcOrZero(rev)
	return t, nil
}

// CreateToken makes an API token for a user: "gk_" and 32 random bytes in
// base64url. expiresAt zero means it never expires. The plaintext is
// returned once and never again.
func (s *Service) CreateToken(ctx context.Context, actor audit.Actor, userID int64, name string, expiresAt time.Time) (string, Token, error) {
	now := s.clock()
	name = strings.TrimSpace(name)
	e := &valid.Errors{}
	if n := utf8.RuneCountInString(name); n == 0 {
		e.Add("name", "请填写令牌名称，例如对接系统的名字")
	} else if n > 50 {
		e.Add("name", "令牌名称不能超过 50 个字")
	}
	if !expiresAt.IsZero() && !expiresAt.After(now) {
		e.Add("expires_at", "有效期须晚于当前时间")
	}
	if err := e.Err(); err != nil {
		return "", Token{}, err
	}
	plain := tokenPrefix + randomToken(32)
	var t Token
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		r, err := loadUser(ctx, tx, userID, false)
		if err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			userID, name, plain[:tokenPrefixLen], hashToken(plain), now, nullTime(expiresAt.Truncate(time.Microsecond))).Scan(&id); err != nil {
			return err
		}
		t, err = scanToken(tx.QueryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE id = $1`, id))
		if err != nil {
			return err
		}
		exp := "永不过期"
		if !t.ExpiresAt.IsZero() {
			exp = t.ExpiresAt.Format(time.RFC3339)
		}
		return audit.Append(ctx, tx, actor, audit.Event{
			Action: "token.create", ObjectType: "api_token", ObjectID: strconv.FormatInt(id, 10), UnitID: r.UnitID,
			Summary: fmt.Sprintf("为用户 %s 创建 API 令牌 %q（%s…，有效期：%s）", r.Login, t.Name, t.Prefix, exp),
		})
	})
	if err != nil {
		return "", Token{}, fmt.Errorf("user %d: create token: %w", userID, err)
	}
	return plain, t, nil
}

// ListTokens lists a user's tokens, revoked and expired ones included,
// newest first.
func (s *Service) ListTokens(ctx context.Context, userID int64) ([]Token, error) {
	rows, err := s.db.Query(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("user %d: list tokens: %w", userID, err)
	}
	defer rows.Close()
	out := []Token{}
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("user %d: list tokens: %w", userID, err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("user %d: list tokens: %w", userID, err)
	}
	return out, nil
}

// RevokeToken revokes one of the user's tokens. A token of another user is
// store.ErrNotFound; revoking a revoked token changes nothing.
func (s *Service) RevokeToken(ctx context.Context, actor audit.Actor, userID, tokenID int64) error {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		t, err := scanToken(tx.QueryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE id = $1 AND user_id = $2`+forUpdate(tx, ""), tokenID, userID))
		if err != nil {
			return err
		}
		if !t.RevokedAt.IsZero() {
			return nil
		}
		r, err := loadUser(ctx, tx, userID, false)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2`, s.clock(), tokenID); err != nil {
			return err
		}
		return audit.Append(ctx, tx, actor, audit.Event{
			Action: "token.revoke", ObjectType: "api_token", ObjectID: strconv.FormatInt(tokenID, 10), UnitID: r.UnitID,
			Summary: fmt.Sprintf("撤销用户 %s 的 API 令牌 %q（%s…）", r.Login, t.Name, t.Prefix),
		})
	})
	if err != nil {
		return fmt.Errorf("user %d: revoke token %d: %w", userID, tokenID, err)
	}
	return nil
}

// AuthenticateToken returns the user of an API token. An unknown, revoked
// or expired token, or one whose user or unit is inactive, is
// ErrInvalidCredentials.
func (s *Service) AuthenticateToken(ctx context.Context, plaintext string) (User, error) {
	plaintext = strings.TrimSpace(plaintext)
	if !strings.HasPrefix(plaintext, tokenPrefix) || len(plaintext) <= tokenPrefixLen {
		return User{}, ErrInvalidCredentials
	}
	t, err := scanToken(s.db.QueryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE token_hash = $1`, hashToken(plaintext)))
	if errors.Is(err, store.ErrNotFound) {
		return User{}, ErrInvalidCredentials
	}
	if err != nil {
		return User{}, fmt.Errorf("authenticate token: %w", err)
	}
	now := s.clock()
	if !t.RevokedAt.IsZero() || (!t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt)) {
		return User{}, ErrInvalidCredentials
	}
	r, err := loadUser(ctx, s.db, t.UserID, false)
	if err != nil {
		return User{}, fmt.Errorf("authenticate token %d: %w", t.ID, err)
	}
	if !r.Active || !r.unitActive {
		return User{}, ErrInvalidCredentials
	}
	if t.LastUsedAt.IsZero() || now.Sub(t.LastUsedAt) >= lastSeenEvery {
		// Usage bookkeeping, not a change anyone made: not audited.
		if _, err := s.db.Exec(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, now, t.ID); err != nil {
			return User{}, fmt.Errorf("token %d: touch: %w", t.ID, err)
		}
	}
	return r.User, nil
}
