package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/store"
)

// Authenticate checks a login and password from a client at ip.
//
// Every failure is ErrInvalidCredentials (unknown login, wrong password,
// locked account, inactive user or unit), except ErrThrottled when the
// address has failed too often. Failures count against the address and, for
// a wrong password, against the account: LockoutThreshold failures within
// LockoutWindow lock it for LockoutDuration, and while locked even the right
// password fails. Success clears the account's count (not the address's)
// and records the login — for a user with TOTP only once the code is given
// (CompleteMFA), so that a known password cannot reset the count of wrong
// codes.
func (s *Service) Authenticate(ctx context.Context, login, password, ip string) (User, error) {
	now := s.clock()
	if throttled, err := s.ipThrottled(ctx, ip, now); err != nil {
		return User{}, fmt.Errorf("authenticate: %w", err)
	} else if throttled {
		return User{}, ErrThrottled
	}
	r, err := loadUserByLogin(ctx, s.db, login)
	if errors.Is(err, store.ErrNotFound) {
		s.burnPassword(password)
		return User{}, s.fail(ctx, 0, ip, now)
	}
	if err != nil {
		return User{}, fmt.Errorf("authenticate: %w", err)
	}
	ok, rehash := s.verifyPassword(r.passwordHash, password)
	switch {
	case !r.Active || !r.unitActive || r.Locked(now):
		return User{}, s.fail(ctx, 0, ip, now)
	case !ok:
		return User{}, s.fail(ctx, r.ID, ip, now)
	}
	newHash := ""
	if rehash {
		newHash = s.hashPassword(password)
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if newHash != "" {
			// Same password, current parameters: not a password change.
			if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, newHash, r.ID); err != nil {
				return err
			}
		}
		a := audit.Actor{ID: r.ID, Login: r.Login, UnitID: r.UnitID, IP: ip}
		if r.TOTPEnabled {
			return audit.Append(ctx, tx, a, audit.Event{
				Action: "user.login_password", ObjectType: "user", ObjectID: strconv.FormatInt(r.ID, 10), UnitID: r.UnitID,
				Summary: "密码验证通过，等待动态口令",
			})
		}
		return s.loginSucceeded(ctx, tx, a, r.ID, now, "密码")
	})
	if err != nil {
		return User{}, fmt.Errorf("user %d: authenticate: %w", r.ID, err)
	}
	u, err := s.GetUser(ctx, r.ID)
	if err != nil {
		return User{}, fmt.Errorf("authenticate: %w", err)
	}
	return u, nil
}

// loginSucceeded clears the account's failures, stamps the login and audits it.
func (s *Service) loginSucceeded(ctx context.Context, tx *store.Tx, a audit.Actor, userID int64, now time.Time, how string) error {
	if _, err := tx.Exec(ctx, `UPDATE users SET failed_logins = 0, failed_window_start = NULL, locked_until = NULL,
		last_login_at = $1 WHERE id = $2`, now, userID); err != nil {
		return err
	}
	return audit.Append(ctx, tx, a, audit.Event{
		Action: "user.login", ObjectType: "user", ObjectID: strconv.FormatInt(userID, 10), UnitID: a.UnitID,
		Summary: "登录成功（" + how + "）",
	})
}

// fail records a failed login against the address and, when userID is not
// 0, against the account, then returns ErrInvalidCredentials.
func (s *Service) fail(ctx context.Context, userID int64, ip string, now time.Time) error {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := s.countIPFailure(ctx, tx, ip, now); err != nil {
			return err
		}
		if userID != 0 {
			return s.countAccountFailure(ctx, tx, userID, ip, now)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record failed login: %w", err)
	}
	return ErrInvalidCredentials
}

// countAccountFailure counts one failure in the account's window and locks
// the account when the count reaches the threshold. A lock that has run out
// starts a fresh window. Only the lock is audited: single failures are
// counted, and the address throttle bounds their number.
func (s *Service) countAccountFailure(ctx context.Context, tx *store.Tx, userID int64, ip string, now time.Time) error {
	r, err := loadUser(ctx, tx, userID, true)
	if err != nil {
		return err
	}
	if r.Locked(now) {
		return nil
	}
	n, start := r.FailedLogins+1, r.failedWindowStart
	if start.IsZero() || now.Sub(start) >= s.cfg.LockoutWindow || !r.LockedUntil.IsZero() {
		n, start = 1, now
	}
	var lockedUntil any
	if n >= s.cfg.LockoutThreshold {
		lockedUntil = now.Add(s.cfg.LockoutDuration)
	}
	if _, err := tx.Exec(ctx, `UPDATE users SET failed_logins = $1, failed_window_start = $2, locked_until = $3 WHERE id = $4`,
		n, start.UTC(), lockedUntil, userID); err != nil {
		return err
	}
	if lockedUntil == nil {
		return nil
	}
	return audit.Append(ctx, tx, audit.Actor{Login: "system", IP: ip}, audit.Event{
		Action: "user.locked", ObjectType: "user", ObjectID: strconv.FormatInt(userID, 10), UnitID: r.UnitID,
		Summary: fmt.Sprintf("账号 %s 在 %d 分钟内连续登录失败 %d 次，锁定 %d 分钟", r.Login,
			int(s.cfg.LockoutWindow.Minutes()), n, int(s.cfg.LockoutDuration.Minutes())),
	})
}

func ipKey(ip string) string { return "ip:" + ip }

// ipThrottled reports whether logins from ip are refused at now. An empty
// address (no client, e.g. a test) is never throttled: one shared bucket
// would let anyone lock everyone out.
func (s *Service) ipThrottled(ctx context.Context, ip string, now time.Time) (bool, error) {
	if ip == "" {
		return false, nil
	}
	var locked sql.NullTime
	err := s.db.QueryRow(ctx, `SELECT locked_until FROM login_throttle WHERE key = $1`, ipKey(ip)).Scan(&locked)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("ip throttle: %w", err)
	}
	return locked.Valid && now.Before(locked.Time), nil
}

// countIPFailure counts one failure from ip and blocks it at the threshold.
func (s *Service) countIPFailure(ctx context.Context, tx *store.Tx, ip string, now time.Time) error {
	if ip == "" {
		return nil
	}
	key := ipKey(ip)
	if _, err := tx.Exec(ctx, `INSERT INTO login_throttle (key, failures, window_start) VALUES ($1, 0, $2)
		ON CONFLICT (key) DO NOTHING`, key, now); err != nil {
		return err
	}
	var n int
	var start time.Time
	var locked sql.NullTime
	if err := tx.QueryRow(ctx, `SELECT failures, window_start, locked_until FROM login_throttle WHERE key = $1`+forUpdate(tx, ""), key).
		Scan(&n, &start, &locked); err != nil {
		return err
	}
	if locked.Valid && now.Before(locked.Time) {
		return nil
	}
	n++
	if now.Sub(start) >= s.cfg.IPWindow || locked.Valid {
		n, start = 1, now
	}
	var lockedUntil any
	if n >= s.cfg.IPThreshold {
		lockedUntil = now.Add(s.cfg.IPLockout)
	}
	if _, err := tx.Exec(ctx, `UPDATE login_throttle SET failures = $1, window_start = $2, locked_until = $3 WHERE key = $4`,
		n, start.UTC(), lockedUntil, key); err != nil {
		return err
	}
	if lockedUntil == nil {
		return nil
	}
	return audit.Append(ctx, tx, audit.Actor{Login: "system", IP: ip}, audit.Event{
		Action: "login.ip_throttled", ObjectType: "ip", ObjectID: ip,
		Summary: fmt.Sprintf("地址 %s 在 %d 分钟内登录失败 %d 次，暂停登录 %d 分钟", ip,
			int(s.cfg.IPWindow.Minutes()), n, int(s.cfg.IPLockout.Minutes())),
	})
}

// Unlock clears a user's failed logins and lockout.
func (s *Service) Unlock(ctx context.Context, actor audit.Actor, id int64) error {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		r, err := loadUser(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET failed_logins = 0, failed_window_start = NULL, locked_until = NULL,
			updated_at = $1 WHERE id = $2`, s.clock(), id); err != nil {
			return err
		}
		state := "未锁定"
		if r.Locked(s.clock()) {
			state = "已锁定"
		}
		return audit.Append(ctx, tx, actor, audit.Event{
			Action: "user.unlock", ObjectType: "user", ObjectID: strconv.FormatInt(id, 10), UnitID: r.UnitID,
			Summary: fmt.Sprintf("解除锁定（原状态：%s，失败次数 %d）", state, r.FailedLogins),
		})
	})
	if err != nil {
		return fmt.Errorf("user %d: unlock: %w", id, err)
	}
	return nil
}
