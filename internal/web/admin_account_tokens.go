package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// adminAccountTokenCreate makes an API token for the user's integrations
// (optional expiry in days). The plaintext is shown once, in this
// response; only its hash is stored.
func (s *Server) adminAccountTokenCreate(w http.ResponseWriter, r *http.Request) {
	me := currentUser(r)
	form := url.Values{"token_name": {r.PostFormValue("name")}, "expires_days": {r.PostFormValue("expires_days")}}
	var expires time.Time
	if v := form.Get("expires_days"); v != "" {
		days, err := strconv.Atoi(v)
		if err != nil || days < 1 || days > 3650 {
			s.renderAccount(w, r, http.StatusUnprocessableEntity, accountPage{ErrorsFor: "token"}, form,
				valid.New("expires_days", "有效期请填写 1–3650 之间的天数，留空表示永不过期").(*valid.Errors))
			return
		}
		expires = time.Now().AddDate(0, 0, days)
	}
	plain, t, err := s.auth.CreateToken(r.Context(), s.actor(r), me.ID, r.PostFormValue("name"), expires)
	if ve, ok := asValid(err); ok {
		s.renderAccount(w, r, http.StatusUnprocessableEntity, accountPage{ErrorsFor: "token"}, form, ve)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderAccount(w, r, http.StatusOK, accountPage{NewToken: plain, NewTokenName: t.Name}, nil, nil)
}

// adminAccountTokenRevoke revokes one of the user's own tokens.
func (s *Server) adminAccountTokenRevoke(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	err := s.auth.RevokeToken(r.Context(), s.actor(r), currentUser(r).ID, id)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/account", "API 令牌已撤销，使用它的系统将无法再访问。")
}
