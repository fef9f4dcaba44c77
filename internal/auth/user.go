package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/audit"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// User is a staff account. Secrets (password hash, TOTP secret) never leave
// the package.
type User struct {
	ID                 int64
	Login              string
	Name               string
	UnitID             int64
	UnitCode           string
	UnitName           string
	UnitPath           string
	Role               Role
	Email              string
	Phone              string
	TOTPEnabled        bool
	MustChangePassword bool
	Active             bool
	FailedLogins       int
	LockedUntil        time.Time // zero = not locked
	LastLoginAt        time.Time // zero = never
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// Subject is the user as the policy sees them.
func (u User) Subject() Subject {
	return Subject{UserID: u.ID, Role: u.Role, Unit: UnitRef{ID: u.UnitID, Path: u.UnitPath}}
}

// Locked reports whether the account is locked out at now.
func (u User) Locked(now time.Time) bool {
	return !u.LockedUntil.IsZero() && now.Before(u.LockedUntil)
}

// auditFields is what the audit log shows of a user; no secrets.
func (u User) auditFields() map[string]string {
	state := "启用"
	if !u.Active {
		state = "停用"
	}
	return map[string]string{
		"登录名": u.Login, "姓名": u.Name, "单位": strconv.FormatInt(u.UnitID, 10), "角色": u.Role.Label(),
		"邮箱": u.Email, "电话": u.Phone, "状态": state,
	}
}

// userRecord is a users row with the columns that stay inside the package.
type userRecord struct {
	User
	passwordHash      string
	totpSecret        string
	failedWindowStart time.Time
	unitActive        bool
}

const userSelect = `SELECT u.id, u.login, u.name, u.unit_id, un.code, un.name, un.path, u.role, u.email, u.phone,
	u.totp_enabled, u.must_change_password, u.active, u.failed_logins, u.locked_until, u.last_login_at,
	u.created_at, u.updated_at, u.password_hash, u.totp_secret, u.failed_window_start, un.active
	FROM users u JOIN units un ON un.id = u.unit_id`

type scanner interface{ Scan(dest ...any) error }

func scanUser(sc scanner) (userRecord, error) {
	var r userRecord
	var role string
	var locked, lastLogin, window sql.NullTime
	err := sc.Scan(&r.ID, &r.Login, &r.Name, &r.UnitID, &r.UnitCode, &r.UnitName, &r.UnitPath, &role, &r.Email, &r.Phone,
		&r.TOTPEnabled, &r.MustChangePassword, &r.Active, &r.FailedLogins, &locked, &lastLogin,
		&r.CreatedAt, &r.UpdatedAt, &r.passwordHash, &r.totpSecret, &window, &r.unitActive)
	if err != nil {
		return r, err
	}
	r.Role = Role(role)
	r.LockedUntil, r.LastLoginAt, r.failedWindowStart = utcOrZero(locked), utcOrZero(lastLogin), utcOrZero(window)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, nil
}

func utcOrZero(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// loadUser reads one user by id; lock holds the row until the transaction
// ends (PostgreSQL).
func loadUser(ctx context.Context, q store.Querier, id int64, lock bool) (userRecord, error) {
	l := ""
	if lock {
		l = forUpdate(q, "u")
	}
	r, err := scanUser(q.QueryRow(ctx, userSelect+` WHERE u.id = $1`+l, id))
	if err != nil {
		return r, fmt.Errorf("user %d: %w", id, err)
	}
	return r, nil
}

func loadUserByLogin(ctx context.Context, q store.Querier, login string) (userRecord, error) {
	r, err := scanUser(q.QueryRow(ctx, userSelect+` WHERE u.login = $1`, normLogin(login)))
	if err != nil {
		return r, fmt.Errorf("user %q: %w", login, err)
	}
	return r, nil
}

// GetUser returns the user with id, or store.ErrNotFound.
func (s *Service) GetUser(ctx context.Context, id int64) (User, error) {
	r, err := loadUser(ctx, s.db, id, false)
	return r.User, err
}

// GetUserByLogin returns the user with login (case-insensitive), or
// store.ErrNotFound.
func (s *Service) GetUserByLogin(ctx context.Context, login string) (User, error) {
	r, err := loadUserByLogin(ctx, s.db, login)
	return r.User, err
}

// CountUsers counts every user, inactive ones included.
func (s *Service) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// UserFilter narrows ListUsers. Zero fields do not filter.
type UserFilter struct {
	UnderPath       string // unit path prefix: users of that unit and the units under it
	UnitID          int64
	Role            Role
	Query           string // login or name contains
	LockedOnly      bool
	IncludeInactive bool
	NewestFirst     bool // order by creation, newest first, instead of unit and login
	Limit           int  // default 50, at most 10000
	Offset          int
}

// CountUsersByUnit returns the number of active users of each unit that has any.
func (s *Service) CountUsersByUnit(ctx context.Context) (map[int64]int, error) {
	rows, err := s.db.Query(ctx, `SELECT unit_id, COUNT(*) FROM users WHERE active = TRUE GROUP BY unit_id`)
	if err != nil {
		return nil, fmt.Errorf("count users by unit: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("count users by unit: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}

// ListUsers returns the users matching f ordered by unit path and login, and
// how many match in all.
func (s *Service) ListUsers(ctx context.Context, f UserFilter) ([]User, int, error) {
	var where []string
	var args []any
	add := func(cond string, vs ...any) {
		for _, v := range vs {
			args = append(args, v)
			cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(args)), 1)
		}
		where = append(where, cond)
	}
	if f.UnderPath != "" {
		add(`un.path LIKE ? ESCAPE '\'`, likeEscape(f.UnderPath)+"%")
	}
	if f.UnitID != 0 {
		add(`u.unit_id = ?`, f.UnitID)
	}
	if f.Role != "" {
		add(`u.role = ?`, string(f.Role))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		p := "%" + likeEscape(strings.ToLower(q)) + "%"
		add(`(u.login LIKE ? ESCAPE '\' OR LOWER(u.name) LIKE ? ESCAPE '\')`, p, p)
	}
	if f.LockedOnly {
		add(`u.locked_until > ?`, s.clock())
	}
	if !f.IncludeInactive {
		where = append(where, `u.active = TRUE`)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM users u JOIN units un ON un.id = u.unit_id`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("list users: count: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 10000)
	args = append(args, limit, max(f.Offset, 0))
	order := ` ORDER BY un.path, u.login`
	if f.NewestFirst {
		order = ` ORDER BY u.created_at DESC, u.id DESC`
	}
	rows, err := s.db.Query(ctx, userSelect+cond+order+
		fmt.Sprintf(` LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	out := []User{}
	for rows.Next() {
		r, err := scanUser(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("list users: scan: %w", err)
		}
		out = append(out, r.User)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list users: %w", err)
	}
	return out, total, nil
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// NewUser is the input of CreateUser.
type NewUser struct {
	Login, Name        string
	UnitID             int64
	Role               Role
	Email, Phone       string
	Password           string
	MustChangePassword bool
}

var (
	loginRe = regexp.MustCompile(`^[a-z][a-z0-9._-]{2,31}$`)
	emailRe = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	phoneRe = regexp.MustCompile(`^[0-9+()\- ]{5,24}$`)
)

func normLogin(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// checkName, checkEmail and checkPhone add a problem to e when a value is bad.
func checkName(e *valid.Errors, name string) {
	if n := utf8.RuneCountInString(name); n == 0 {
		e.Add("name", "请填写姓名")
	} else if n > 50 {
		e.Add("name", "姓名不能超过 50 个字")
	}
}

func checkEmail(e *valid.Errors, email string) {
	if email != "" && (len(email) > 254 || !emailRe.MatchString(email)) {
		e.Add("email", "电子邮箱格式不正确，例如 name@example.gov.cn")
	}
}

func checkPhone(e *valid.Errors, phone string) {
	if phone == "" {
		return
	}
	digits := 0
	for _, r := range phone {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	if !phoneRe.MatchString(phone) || digits < 5 {
		e.Add("phone", "电话号码格式不正确，只能包含数字、空格、括号、加号和连字符，例如 0571-12345678")
	}
}

func checkRole(e *valid.Errors, r Role) {
	if !r.Valid() {
		e.Add("role", "请选择有效的角色")
	}
}

// checkUnit adds a problem when the unit is missing or inactive.
func checkUnit(ctx context.Context, q store.Querier, e *valid.Errors, unitID int64) error {
	if unitID == 0 {
		e.Add("unit_id", "请选择单位")
		return nil
	}
	var active bool
	err := q.QueryRow(ctx, `SELECT active FROM units WHERE id = $1`, unitID).Scan(&active)
	switch {
	case errors.Is(err, store.ErrNotFound):
		e.Add("unit_id", "所选单位不存在")
	case err != nil:
		return fmt.Errorf("unit %d: %w", unitID, err)
	case !active:
		e.Add("unit_id", "所选单位已停用")
	}
	return nil
}

// normalize trims the input and checks what needs no database.
func (in *NewUser) normalize() *valid.Errors {
	e := &valid.Errors{}
	in.Login = normLogin(in.Login)
	in.Name = strings.TrimSpace(in.Name)
	in.Email = strings.TrimSpace(in.Email)
	in.Phone = strings.TrimSpace(in.Phone)
	if in.Login == "" {
		e.Add("login", "请填写登录名")
	} else if !loginRe.MatchString(in.Login) {
		e.Add("login", "登录名须以小写字母开头，由 3–32 位小写字母、数字、点、下划线或连字符组成")
	}
	checkName(e, in.Name)
	checkRole(e, in.Role)
	checkEmail(e, in.Email)
	checkPhone(e, in.Phone)
	if err := CheckPassword(in.Login, in.Password); err != nil {
		e.Problems = append(e.Problems, err.(*valid.Errors).Problems...)
	}
	return e
}

// CreateUser validates in and creates the user. Bad input returns
// *valid.Errors and writes nothing. Permission checks are the caller's
// (Can(ActUserCreate, unit) and CanGrant(role)).
func (s *Service) CreateUser(ctx context.Context, actor audit.Actor, in NewUser) (User, error) {
	e := in.normalize()
	hash := s.hashIfValid(in, e)
	var u User
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		u, err = s.insertUser(ctx, tx, actor, in, hash, e)
		return err
	})
	if err != nil {
		return User{}, wrapf(err, "create user %q", in.Login)
	}
	return u, nil
}

// hashIfValid hashes the password of a normalized NewUser when the input
// has no problem so far. Hashing is deliberately slow: it is done before the
// transaction so that SQLite's one writer is not held meanwhile.
func (s *Service) hashIfValid(in NewUser, e *valid.Errors) string {
	if e.Err() != nil {
		return ""
	}
	return s.hashPassword(in.Password)
}

// insertUser finishes validation against the database and inserts a
// normalized NewUser with its password hash; e holds the problems found so
// far.
func (s *Service) insertUser(ctx context.Context, tx *store.Tx, actor audit.Actor, in NewUser, hash string, e *valid.Errors) (User, error) {
	if err := checkUnit(ctx, tx, e, in.UnitID); err != nil {
		return User{}, err
	}
	if !e.Has("login") {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE login = $1`, in.Login).Scan(&n); err != nil {
			return User{}, err
		}
		if n > 0 {
			e.Add("login", "登录名已被使用")
		}
	}
	if err := e.Err(); err != nil {
		return User{}, err
	}
	now := s.clock()
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO users (login, name, unit_id, role, email, phone, password_hash, password_changed_at,
			must_change_password, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $8) RETURNING id`,
		in.Login, in.Name, in.UnitID, string(in.Role), in.Email, in.Phone, hash, now,
		in.MustChangePassword).Scan(&id)
	if errors.Is(err, store.ErrConflict) {
		return User{}, valid.New("login", "登录名已被使用")
	}
	if err != nil {
		return User{}, err
	}
	r, err := loadUser(ctx, tx, id, false)
	if err != nil {
		return User{}, err
	}
	if err := audit.Append(ctx, tx, actor, audit.Event{
		Action: "user.create", ObjectType: "user", ObjectID: strconv.FormatInt(id, 10), UnitID: r.UnitID,
		Summary: "创建用户：" + audit.Diff(nil, r.auditFields()),
	}); err != nil {
		return User{}, err
	}
	return r.User, nil
}

// UserUpdate changes the non-nil fields of a user.
type UserUpdate struct {
	Name   *string
	UnitID *int64
	Role   *Role
	Email  *string
	Phone  *string
	Active *bool
}

// UpdateUser changes a user. Deactivating a user also ends their sessions.
// Bad input returns *valid.Errors and writes nothing; no change writes
// nothing either.
func (s *Service) UpdateUser(ctx context.Context, actor audit.Actor, id int64, in UserUpdate) (User, error) {
	var out User
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		r, err := loadUser(ctx, tx, id, true)
		if err != nil {
			return err
		}
		before := r.User
		after := r.User
		e := &valid.Errors{}
		if in.Name != nil {
			after.Name = strings.TrimSpace(*in.Name)
			checkName(e, after.Name)
		}
		if in.Role != nil {
			after.Role = *in.Role
			checkRole(e, after.Role)
		}
		if in.Email != nil {
			after.Email = strings.TrimSpace(*in.Email)
			checkEmail(e, after.Email)
		}
		if in.Phone != nil {
			after.Phone = strings.TrimSpace(*in.Phone)
			checkPhone(e, after.Phone)
		}
		if in.UnitID != nil && *in.UnitID != before.UnitID {
			after.UnitID = *in.UnitID
			if err := checkUnit(ctx, tx, e, after.UnitID); err != nil {
				return err
			}
		}
		if in.Active != nil {
			after.Active = *in.Active
		}
		if err := e.Err(); err != nil {
			return err
		}
		if after.Name == before.Name && after.Role == before.Role && after.Email == before.Email &&
			after.Phone == before.Phone && after.UnitID == before.UnitID && after.Active == before.Active {
			out = before
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET name = $1, role = $2, email = $3, phone = $4, unit_id = $5, active = $6,
			updated_at = $7 WHERE id = $8`,
			after.Name, string(after.Role), after.Email, after.Phone, after.UnitID, after.Active, s.clock(), id); err != nil {
			return err
		}
		action, summary := "user.edit", audit.Diff(before.auditFields(), after.auditFields())
		switch {
		case before.Active && !after.Active:
			n, err := deleteSessions(ctx, tx, id)
			if err != nil {
				return err
			}
			action, summary = "user.deactivate", summary+fmt.Sprintf("；结束 %d 个会话", n)
		case !before.Active && after.Active:
			action = "user.activate"
		}
		if err := audit.Append(ctx, tx, actor, audit.Event{
			Action: action, ObjectType: "user", ObjectID: strconv.FormatInt(id, 10), UnitID: after.UnitID, Summary: summary,
		}); err != nil {
			return err
		}
		r, err = loadUser(ctx, tx, id, false)
		out = r.User
		return err
	})
	if err != nil {
		return User{}, wrapf(err, "user %d: update", id)
	}
	return out, nil
}
