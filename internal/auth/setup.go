package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"

	"gongkai/internal/audit"
	"gongkai/internal/store"
)

const settingSetupToken = "setup.token_hash"

// setupActor is who the audit log names for the first administrator's creation.
var setupActor = audit.Actor{Login: "setup"}

// NeedsSetup reports whether the database has no user at all, so that the
// first system administrator has still to be created.
func (s *Service) NeedsSetup(ctx context.Context) (bool, error) {
	n, err := s.CountUsers(ctx)
	if err != nil {
		return false, fmt.Errorf("needs setup: %w", err)
	}
	return n == 0, nil
}

// CreateSetupToken makes the secret of the one-time setup link that
// "serve" prints on an empty database. Only its hash is kept; a new token
// replaces any older one.
func (s *Service) CreateSetupToken(ctx context.Context) (string, error) {
	tok := randomToken(32)
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := PutSetting(ctx, tx, settingSetupToken, hashToken(tok)); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.System, audit.Event{
			Action: "setup.token_create", ObjectType: "setting", ObjectID: settingSetupToken,
			Summary: "生成初始化链接（替换此前的链接）",
		})
	})
	if err != nil {
		return "", fmt.Errorf("create setup token: %w", err)
	}
	return tok, nil
}

// CheckSetupToken reports whether token is the live setup link, so that the
// setup page can refuse a wrong link before it writes anything (the top unit
// is created before the first user). ErrBadSetupToken otherwise.
func (s *Service) CheckSetupToken(ctx context.Context, token string) error {
	needs, err := s.NeedsSetup(ctx)
	if err != nil {
		return err
	}
	want, err := GetSetting(ctx, s.db, settingSetupToken)
	if errors.Is(err, store.ErrNotFound) || !needs {
		return ErrBadSetupToken
	}
	if err != nil {
		return fmt.Errorf("check setup token: %w", err)
	}
	if token == "" || subtle.ConstantTimeCompare([]byte(hashToken(token)), []byte(want)) != 1 {
		return ErrBadSetupToken
	}
	return nil
}

// CompleteSetup creates the first user, a system administrator whatever
// in.Role says, when token is the current setup token and there is no user
// yet; the token is then gone. A wrong or used token is ErrBadSetupToken;
// bad input is *valid.Errors and keeps the token.
func (s *Service) CompleteSetup(ctx context.Context, token string, in NewUser) (User, error) {
	in.Role = RoleSystemAdmin
	e := in.normalize()
	hash := s.hashIfValid(in, e)
	var u User
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		want, err := GetSetting(ctx, tx, settingSetupToken)
		if errors.Is(err, store.ErrNotFound) {
			return ErrBadSetupToken
		}
		if err != nil {
			return err
		}
		if token == "" || subtle.ConstantTimeCompare([]byte(hashToken(token)), []byte(want)) != 1 {
			return ErrBadSetupToken
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrBadSetupToken
		}
		if u, err = s.insertUser(ctx, tx, setupActor, in, hash, e); err != nil {
			return err
		}
		if err := DeleteSetting(ctx, tx, settingSetupToken); err != nil {
			return err
		}
		return audit.Append(ctx, tx, setupActor, audit.Event{
			Action: "setup.complete", ObjectType: "setting", ObjectID: settingSetupToken,
			Summary: "初始化完成：创建首个系统管理员 " + u.Login + "，初始化链接作废",
		})
	})
	if errors.Is(err, ErrBadSetupToken) {
		return User{}, ErrBadSetupToken
	}
	if err != nil {
		return User{}, wrapf(err, "complete setup")
	}
	return u, nil
}
