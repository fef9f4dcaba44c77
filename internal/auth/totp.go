package auth

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"image/png"
	"strconv"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"gongkai/internal/audit"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// totpOpts is what every authenticator app supports: SHA-1, 6 digits, 30 s,
// one step of clock skew either way.
var totpOpts = totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// TOTPEnrollment is a new secret to show the user: as text, as an otpauth://
// URL and as a 200×200 QR code.
type TOTPEnrollment struct {
	Secret string
	URL    string
	PNG    []byte
}

// BeginTOTP makes a new secret for u. Nothing is stored until EnableTOTP
// receives a code made from it.
func (s *Service) BeginTOTP(ctx context.Context, u User) (TOTPEnrollment, error) {
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer: s.cfg.Issuer, AccountName: u.Login, Period: totpOpts.Period, SecretSize: 20,
		Digits: totpOpts.Digits, Algorithm: totpOpts.Algorithm,
	})
	if err != nil {
		return TOTPEnrollment{}, fmt.Errorf("user %d: totp: %w", u.ID, err)
	}
	img, err := key.Image(200, 200)
	if err != nil {
		return TOTPEnrollment{}, fmt.Errorf("user %d: totp qr code: %w", u.ID, err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return TOTPEnrollment{}, fmt.Errorf("user %d: totp qr code: %w", u.ID, err)
	}
	return TOTPEnrollment{Secret: key.Secret(), URL: key.URL(), PNG: buf.Bytes()}, nil
}

// matchTOTP returns the 30-second step whose code equals code, trying the
// current step and one on either side (clock drift), or ok=false.
func matchTOTP(code, secret string, now time.Time) (step int64, ok bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != 6 || secret == "" {
		return 0, false
	}
	for _, off := range []int64{0, -1, 1} {
		at := now.Add(time.Duration(off*int64(totpOpts.Period)) * time.Second)
		want, err := totp.GenerateCodeCustom(secret, at, totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return at.Unix() / int64(totpOpts.Period), true
		}
	}
	return 0, false
}

// errTOTPReplayed: the code was right but already used.
var errTOTPReplayed = errors.New("auth: totp code already used")

// EnableTOTP turns on the second factor with secret, once code proves the
// user's app produces the same codes (*valid.Errors on "code" otherwise).
func (s *Service) EnableTOTP(ctx context.Context, actor audit.Actor, userID int64, secret, code string) error {
	secret = strings.ToUpper(strings.TrimSpace(secret))
	step, ok := matchTOTP(code, secret, s.clock())
	if !ok {
		return valid.New("code", "动态口令不正确，请核对手机时间后输入验证器中当前显示的 6 位数字")
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		r, err := loadUser(ctx, tx, userID, true)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET totp_secret = $1, totp_enabled = TRUE, totp_last_step = $2, updated_at = $3 WHERE id = $4`,
			secret, step, s.clock(), userID); err != nil {
			return err
		}
		summary := "启用动态口令"
		if r.TOTPEnabled {
			summary = "更换动态口令密钥"
		}
		return audit.Append(ctx, tx, actor, audit.Event{
			Action: "user.totp_enable", ObjectType: "user", ObjectID: strconv.FormatInt(userID, 10), UnitID: r.UnitID,
			Summary: summary,
		})
	})
	if err != nil {
		return fmt.Errorf("user %d: enable totp: %w", userID, err)
	}
	return nil
}

// DisableTOTP turns off the second factor and forgets the secret.
func (s *Service) DisableTOTP(ctx context.Context, actor audit.Actor, userID int64) error {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		r, err := loadUser(ctx, tx, userID, true)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET totp_secret = '', totp_enabled = FALSE, updated_at = $1 WHERE id = $2`,
			s.clock(), userID); err != nil {
			return err
		}
		return audit.Append(ctx, tx, actor, audit.Event{
			Action: "user.totp_disable", ObjectType: "user", ObjectID: strconv.FormatInt(userID, 10), UnitID: r.UnitID,
			Summary: "停用动态口令",
		})
	})
	if err != nil {
		return fmt.Errorf("user %d: disable totp: %w", userID, err)
	}
	return nil
}

// CompleteMFA finishes a login whose session waits for a TOTP code. A wrong
// code counts as a failed login (it can lock the account) and is
// ErrInvalidCredentials. The session keeps its token.
func (s *Service) CompleteMFA(ctx context.Context, token, code string) (User, error) {
	ss, r, err := s.lookupSession(ctx, token)
	if err != nil {
		return User{}, err
	}
	if !ss.MFAPending {
		return r.User, nil
	}
	now := s.clock()
	step, ok := matchTOTP(code, r.totpSecret, now)
	if !r.TOTPEnabled || !ok {
		return User{}, s.fail(ctx, r.ID, ss.IP, now)
	}
	h := hashToken(token)
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		// Each code works once: a code seen on a shoulder or in a log is spent.
		res, err := tx.Exec(ctx, `UPDATE users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1`, step, r.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return errTOTPReplayed
		}
		res, err = tx.Exec(ctx, `UPDATE sessions SET mfa_pending = FALSE, last_seen_at = $1 WHERE id_hash = $2 AND mfa_pending = TRUE`, now, h)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			// Completed or ended concurrently: nothing to record twice.
			return ErrNoSession
		}
		return s.loginSucceeded(ctx, tx, audit.Actor{ID: r.ID, Login: r.Login, UnitID: r.UnitID, IP: ss.IP}, r.ID, now, "密码 + 动态口令")
	})
	if errors.Is(err, ErrNoSession) {
		return User{}, ErrNoSession
	}
	if errors.Is(err, errTOTPReplayed) {
		return User{}, s.fail(ctx, r.ID, ss.IP, now)
	}
	if err != nil {
		return User{}, fmt.Errorf("user %d: complete mfa: %w", r.ID, err)
	}
	u, err := s.GetUser(ctx, r.ID)
	if err != nil {
		return User{}, fmt.Errorf("complete mfa: %w", err)
	}
	return u, nil
}

const settingTOTPRequired = "security.totp_required_for_admins"

// TOTPRequiredForAdmins reports whether the three administrators must use
// TOTP (off until a security admin turns it on).
func (s *Service) TOTPRequiredForAdmins(ctx context.Context) (bool, error) {
	v, err := GetSetting(ctx, s.db, settingTOTPRequired)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return v == "true", nil
}

// SetTOTPRequiredForAdmins turns the requirement on or off.
func (s *Service) SetTOTPRequiredForAdmins(ctx context.Context, actor audit.Actor, on bool) error {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		before, err := GetSetting(ctx, tx, settingTOTPRequired)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		after := strconv.FormatBool(on)
		if err := PutSetting(ctx, tx, settingTOTPRequired, after); err != nil {
			return err
		}
		return audit.Append(ctx, tx, actor, audit.Event{
			Action: "security.settings", ObjectType: "setting", ObjectID: settingTOTPRequired,
			Summary: audit.Diff(map[string]string{"管理员须启用动态口令": before}, map[string]string{"管理员须启用动态口令": after}),
		})
	})
	if err != nil {
		return fmt.Errorf("set totp required: %w", err)
	}
	return nil
}

// MustEnrollTOTP reports whether u has to set up TOTP before doing anything
// else: the requirement is on, u is one of the three administrators, and u
// has no TOTP yet.
func (s *Service) MustEnrollTOTP(ctx context.Context, u User) (bool, error) {
	if !u.Role.IsAdmin() || u.TOTPEnabled {
		return false, nil
	}
	return s.TOTPRequiredForAdmins(ctx)
}
