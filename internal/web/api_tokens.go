package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/store"
)

// apiToken is an API token as listed; the plaintext is never shown again
// after creation.
type apiToken struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	Status     string     `json:"status"` // active, expired, revoked
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	ExpiresAt  *time.Time `json:"expires_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

// apiTokenCreated is the answer to a token creation, the one time the
// plaintext is shown.
type apiTokenCreated struct {
	apiToken
	Token string `json:"token"`
}

// apiTokenInput is the body of POST /api/v1/me/tokens.
type apiTokenInput struct {
	Name          string `json:"name"`
	ExpiresInDays int    `json:"expires_in_days"` // 0: never expires
}

const maxTokenDays = 3650

func toAPIToken(t auth.Token, now time.Time) apiToken {
	out := apiToken{ID: t.ID, Name: t.Name, Prefix: t.Prefix, Status: "active", CreatedAt: t.CreatedAt,
		LastUsedAt: timePtr(t.LastUsedAt), ExpiresAt: timePtr(t.ExpiresAt), RevokedAt: timePtr(t.RevokedAt)}
	switch {
	case !t.RevokedAt.IsZero():
		out.Status = "revoked"
	case !t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt):
		out.Status = "expired"
	}
	return out
}

// timePtr is nil for the zero time, so JSON says null rather than year 1.
func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// apiTokenList lists the user's own tokens, revoked and expired ones included.
func (s *Server) apiTokenList(w http.ResponseWriter, r *http.Request, u *auth.User) {
	p, err := parsePaging(r)
	if err != nil {
		apiBadRequest(w, err.Error())
		return
	}
	ts, err := s.auth.ListTokens(r.Context(), u.ID)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	now := time.Now()
	out := make([]apiToken, len(ts))
	for i, t := range ts {
		out[i] = toAPIToken(t, now)
	}
	writeJSON(w, http.StatusOK, pageOf(out, p))
}

// apiTokenCreate makes a token for the user; the plaintext is in the answer
// and nowhere else.
func (s *Server) apiTokenCreate(w http.ResponseWriter, r *http.Request, u *auth.User) {
	var in apiTokenInput
	if !decodeAPI(w, r, &in) {
		return
	}
	if in.ExpiresInDays < 0 || in.ExpiresInDays > maxTokenDays {
		apiInvalidField(w, "expires_in_days", "有效天数应在 1 到 3650 之间，填 0 或不填表示永不过期")
		return
	}
	var exp time.Time
	if in.ExpiresInDays > 0 {
		exp = time.Now().AddDate(0, 0, in.ExpiresInDays)
	}
	plain, t, err := s.auth.CreateToken(r.Context(), s.actor(r), u.ID, in.Name, exp)
	if err != nil {
		s.apiFail(w, r, renameProblems(err, "expires_at", "expires_in_days"))
		return
	}
	writeJSON(w, http.StatusCreated, apiTokenCreated{apiToken: toAPIToken(t, time.Now()), Token: plain})
}

// apiTokenRevoke revokes one of the user's own tokens (possibly the one in
// use). Another user's token is not found.
func (s *Server) apiTokenRevoke(w http.ResponseWriter, r *http.Request, u *auth.User) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		apiError(w, http.StatusNotFound, "not_found", "令牌不存在")
		return
	}
	if err := s.auth.RevokeToken(r.Context(), s.actor(r), u.ID, id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			apiError(w, http.StatusNotFound, "not_found", "令牌不存在")
			return
		}
		s.apiFail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
