package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"gongkai/internal/audit"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

const (
	minPasswordRunes = 10
	maxPasswordRunes = 128 // hashing cost does not depend on length, but a limit keeps requests bounded
	saltLen          = 16
	keyLen           = 32
)

//go:embed common_passwords.txt
var commonPasswordsText string

// commonPasswords is the embedded list, lowercased.
var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(commonPasswordsText, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			m[strings.ToLower(l)] = true
		}
	}
	return m
}()

// CheckPassword applies the password policy: at least 10 characters, at least
// three of the four classes (lower case, upper case, digits, other), not
// containing the login, and not a commonly used password. It returns a
// *valid.Errors on field "password" saying what is missing, or nil.
func CheckPassword(login, pw string) error {
	var why []string
	n := utf8.RuneCountInString(pw)
	switch {
	case n < minPasswordRunes:
		why = append(why, fmt.Sprintf("至少需要 %d 个字符（当前 %d 个）", minPasswordRunes, n))
	case n > maxPasswordRunes:
		why = append(why, fmt.Sprintf("不能超过 %d 个字符", maxPasswordRunes))
	}
	var lower, upper, digit, other bool
	for _, r := range pw {
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= '0' && r <= '9':
			digit = true
		case unicode.IsSpace(r) && r != ' ', unicode.IsControl(r):
			// control characters and line breaks count as nothing
		default:
			other = true
		}
	}
	var missing []string
	for _, c := range []struct {
		has  bool
		name string
	}{{lower, "小写字母"}, {upper, "大写字母"}, {digit, "数字"}, {other, "其他符号"}} {
		if !c.has {
			missing = append(missing, c.name)
		}
	}
	if len(missing) > 1 {
		why = append(why, "需包含小写字母、大写字母、数字、其他符号中的至少三类，当前缺少"+strings.Join(missing, "、"))
	}
	lp := strings.ToLower(pw)
	if l := strings.ToLower(strings.TrimSpace(login)); l != "" && strings.Contains(lp, l) {
		why = append(why, "不能包含登录名")
	}
	if commonPasswords[lp] {
		why = append(why, "是常见弱密码，容易被猜中")
	}
	if len(why) == 0 {
		return nil
	}
	e := &valid.Errors{}
	e.Add("password", "密码"+strings.Join(why, "；")+"。")
	return e
}

// hashPassword returns the PHC string of pw:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>, base64 without padding.
func (s *Service) hashPassword(pw string) string {
	c := s.cfg
	salt := make([]byte, saltLen)
	rand.Read(salt)
	key := argon2.IDKey([]byte(pw), salt, c.Argon2Time, c.Argon2MemoryKiB, c.Argon2Threads, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, c.Argon2MemoryKiB, c.Argon2Time, c.Argon2Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

type argonParams struct {
	memory, time uint32
	threads      uint8
	salt, key    []byte
}

func parsePHC(encoded string) (argonParams, error) {
	var p argonParams
	parts := strings.Split(encoded, "$")
	// "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, fmt.Errorf("auth: not an argon2id hash")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, fmt.Errorf("auth: unsupported argon2 version %q", parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memory, &p.time, &p.threads); err != nil {
		return p, fmt.Errorf("auth: bad argon2 parameters %q", parts[3])
	}
	if p.memory == 0 || p.time == 0 || p.threads == 0 {
		return p, fmt.Errorf("auth: bad argon2 parameters %q", parts[3])
	}
	var err error
	if p.salt, err = base64.RawStdEncoding.DecodeString(parts[4]); err != nil {
		return p, fmt.Errorf("auth: bad argon2 salt")
	}
	if p.key, err = base64.RawStdEncoding.DecodeString(parts[5]); err != nil || len(p.key) == 0 {
		return p, fmt.Errorf("auth: bad argon2 hash")
	}
	return p, nil
}

// verifyPassword checks pw against an encoded hash, with the parameters
// stored in it; rehash says the hash should be replaced because the
// configured parameters have changed since.
func (s *Service) verifyPassword(encoded, pw string) (ok, rehash bool) {
	p, err := parsePHC(encoded)
	if err != nil {
		return false, false
	}
	key := argon2.IDKey([]byte(pw), p.salt, p.time, p.memory, p.threads, uint32(len(p.key)))
	if subtle.ConstantTimeCompare(key, p.key) != 1 {
		return false, false
	}
	c := s.cfg
	return true, p.memory != c.Argon2MemoryKiB || p.time != c.Argon2Time || p.threads != c.Argon2Threads || len(p.key) != keyLen
}

// burnPassword spends the time a real verification would, for logins that
// do not exist, so that response times do not tell which logins do.
func (s *Service) burnPassword(pw string) {
	s.dummyOnce.Do(func() { s.dummyHash = s.hashPassword(randomToken(16)) })
	s.verifyPassword(s.dummyHash, pw)
}

// tempPasswordAlphabet leaves out look-alikes (0/O, 1/l/I) because a
// temporary password is read out or copied by hand.
const tempPasswordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789#%+=@"

// TempPassword returns a random password of 14 characters that passes the
// policy for login.
func TempPassword(login string) string {
	max := big.NewInt(int64(len(tempPasswordAlphabet)))
	for {
		b := make([]byte, 14)
		for i := range b {
			n, _ := rand.Int(rand.Reader, max)
			b[i] = tempPasswordAlphabet[n.Int64()]
		}
		if pw := string(b); CheckPassword(login, pw) == nil {
			return pw
		}
	}
}

// storePassword replaces a user's password inside tx and clears any lockout.
func (s *Service) storePassword(ctx context.Context, tx *store.Tx, id int64, hash string, mustChange bool) error {
	now := s.clock()
	_, err := tx.Exec(ctx, `UPDATE users SET password_hash = $1, password_changed_at = $2, must_change_password = $3,
		failed_logins = 0, failed_window_start = NULL, locked_until = NULL, updated_at = $2 WHERE id = $4`,
		hash, now, mustChange, id)
	return err
}

// ResetPassword gives a user a random temporary password that must be
// changed at the next login, ends their sessions and clears any lockout.
// The temporary password is returned to be handed over once; it is not
// logged.
func (s *Service) ResetPassword(ctx context.Context, actor audit.Actor, id int64) (string, error) {
	r, err := loadUser(ctx, s.db, id, false)
	if err != nil {
		return "", fmt.Errorf("user %d: reset password: %w", id, err)
	}
	// Logins never change, so the password made for this one stays valid.
	pw := TempPassword(r.Login)
	hash := s.hashPassword(pw)
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		r, err := loadUser(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := s.storePassword(ctx, tx, id, hash, true); err != nil {
			return err
		}
		n, err := deleteSessions(ctx, tx, id)
		if err != nil {
			return err
		}
		return audit.Append(ctx, tx, actor, audit.Event{
			Action: "user.reset_password", ObjectType: "user", ObjectID: strconv.FormatInt(id, 10), UnitID: r.UnitID,
			Summary: fmt.Sprintf("重置为临时密码（首次登录须修改），解除锁定，结束 %d 个会话", n),
		})
	})
	if err != nil {
		return "", fmt.Errorf("user %d: reset password: %w", id, err)
	}
	return pw, nil
}

// SetPassword sets a chosen password (the command line's reset), clears any
// lockout and ends the user's sessions. A password that fails the policy is
// *valid.Errors.
func (s *Service) SetPassword(ctx context.Context, actor audit.Actor, id int64, password string, mustChange bool) error {
	r, err := loadUser(ctx, s.db, id, false)
	if err != nil {
		return fmt.Errorf("user %d: set password: %w", id, err)
	}
	if err := CheckPassword(r.Login, password); err != nil {
		return err
	}
	hash := s.hashPassword(password)
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		r, err := loadUser(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := s.storePassword(ctx, tx, id, hash, mustChange); err != nil {
			return err
		}
		n, err := deleteSessions(ctx, tx, id)
		if err != nil {
			return err
		}
		summary := fmt.Sprintf("设置新密码，解除锁定，结束 %d 个会话", n)
		if mustChange {
			summary += "；下次登录须修改密码"
		}
		return audit.Append(ctx, tx, actor, audit.Event{
			Action: "user.set_password", ObjectType: "user", ObjectID: strconv.FormatInt(id, 10), UnitID: r.UnitID,
			Summary: summary,
		})
	})
	return wrapf(err, "user %d: set password", id)
}

// VerifyPassword reports whether pw is the user's current password, writing
// nothing: for confirming a sensitive step (turning off TOTP) in a session
// that is already signed in.
func (s *Service) VerifyPassword(ctx context.Context, id int64, pw string) (bool, error) {
	r, err := loadUser(ctx, s.db, id, false)
	if err != nil {
		return false, fmt.Errorf("user %d: verify password: %w", id, err)
	}
	ok, _ := s.verifyPassword(r.passwordHash, pw)
	return ok, nil
}

// ChangePassword is a user changing their own password: the old one must be
// right ("old_password"), the new one must pass the policy and differ from
// the old ("password"). It clears must_change_password. Ending the user's
// other sessions is the caller's choice (DeleteOtherSessions).
func (s *Service) ChangePassword(ctx context.Context, actor audit.Actor, id int64, oldPw, newPw string) error {
	r, err := loadUser(ctx, s.db, id, false)
	if err != nil {
		return fmt.Errorf("user %d: change password: %w", id, err)
	}
	e := &valid.Errors{}
	if ok, _ := s.verifyPassword(r.passwordHash, oldPw); !ok {
		e.Add("old_password", "原密码不正确")
	}
	if err := CheckPassword(r.Login, newPw); err != nil {
		e.Problems = append(e.Problems, err.(*valid.Errors).Problems...)
	} else if newPw == oldPw {
		e.Add("password", "新密码不能与原密码相同")
	}
	if err := e.Err(); err != nil {
		return err
	}
	hash := s.hashPassword(newPw)
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		// The hash must still be the one the old password was checked against.
		var cur string
		if err := tx.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = $1`+forUpdate(tx, ""), id).Scan(&cur); err != nil {
			return err
		}
		if cur != r.passwordHash {
			return valid.New("old_password", "密码已在别处被修改，请重新输入原密码")
		}
		if err := s.storePassword(ctx, tx, id, hash, false); err != nil {
			return err
		}
		return audit.Append(ctx, tx, actor, audit.Event{
			Action: "user.change_password", ObjectType: "user", ObjectID: strconv.FormatInt(id, 10), UnitID: r.UnitID,
			Summary: "修改本人密码",
		})
	})
	return wrapf(err, "user %d: change password", id)
}
