package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// apiRoute is one registered /api/v1 route, as given to the ServeMux.
type apiRoute struct {
	Method  string
	Pattern string // ServeMux pattern, "/api/v1/units/{code}"
	Public  bool   // served without a token
}

// apiRegistry records every API route so that the OpenAPI document can be
// checked against what is really served (api_openapi_test.go).
type apiRegistry struct {
	routes  []apiRoute
	methods *http.ServeMux // the same patterns, to tell 404 from 405
	doc     []byte         // the OpenAPI document, built once at start
}

// apiHandlerFunc is an API handler; u is the token's user, never nil.
type apiHandlerFunc func(w http.ResponseWriter, r *http.Request, u *auth.User)

// registerAPI registers /api/v1/ and its OpenAPI document. Every route goes
// through handleAPI (or publicAPI), which records it in s.api.
func (s *Server) registerAPI() {
	s.api.methods = http.NewServeMux()

	s.publicAPI("GET", "/api/v1/openapi.json", s.apiOpenAPI)

	// Allowed while a password change or TOTP enrolment is pending, so the
	// user can find out why everything else is refused and fix the password.
	s.pendingAPI("GET", "/api/v1/me", s.apiMe)
	s.pendingAPI("POST", "/api/v1/me/password", s.apiMePassword)

	s.handleAPI("GET", "/api/v1/me/tokens", s.apiTokenList)
	s.handleAPI("POST", "/api/v1/me/tokens", s.apiTokenCreate)
	s.handleAPI("DELETE", "/api/v1/me/tokens/{id}", s.apiTokenRevoke)

	s.handleAPI("GET", "/api/v1/units", s.apiUnitList)
	s.handleAPI("POST", "/api/v1/units", s.apiUnitCreate)
	s.handleAPI("POST", "/api/v1/units/import", s.apiUnitImport)
	s.uploadLimit("POST /api/v1/units/import", maxImportBytes)
	s.handleAPI("GET", "/api/v1/units/{code}", s.apiUnitGet)
	s.handleAPI("PATCH", "/api/v1/units/{code}", s.apiUnitUpdate)
	s.handleAPI("POST", "/api/v1/units/{code}/move", s.apiUnitMove)
	s.handleAPI("POST", "/api/v1/units/{code}/deactivate", s.apiUnitDeactivate)
	s.handleAPI("POST", "/api/v1/units/{code}/activate", s.apiUnitActivate)

	s.handleAPI("GET", "/api/v1/users", s.apiUserList)
	s.handleAPI("POST", "/api/v1/users", s.apiUserCreate)
	s.handleAPI("GET", "/api/v1/users/{id}", s.apiUserGet)
	s.handleAPI("PATCH", "/api/v1/users/{id}", s.apiUserUpdate)
	s.handleAPI("POST", "/api/v1/users/{id}/reset-password", s.apiUserResetPassword)
	s.handleAPI("POST", "/api/v1/users/{id}/unlock", s.apiUserUnlock)
	s.handleAPI("POST", "/api/v1/users/{id}/revoke-sessions", s.apiUserRevokeSessions)

	s.registerCatalogAPI()
	s.registerDocumentAPI()
	s.registerSearchAPI()
	s.registerRequestAPI()
	s.registerRequestMoreAPI()
	s.registerCalendarAPI()
	s.registerStatsAPI()
	s.registerReportAPI()

	s.handleAPI("GET", "/api/v1/audit", s.apiAuditList)
	s.handleAPI("GET", "/api/v1/audit/verify", s.apiAuditVerify)

	s.handleAPI("GET", "/api/v1/security/settings", s.apiSecurityGet)
	s.handleAPI("PUT", "/api/v1/security/settings", s.apiSecurityPut)

	// Anything else under /api/ answers in JSON, not with the HTML error page.
	s.mux.HandleFunc("/api/", s.apiNoRoute)

	s.api.doc = s.buildOpenAPI()
}

func (s *Server) record(method, pattern string, public bool) {
	s.api.routes = append(s.api.routes, apiRoute{Method: method, Pattern: pattern, Public: public})
	s.api.methods.HandleFunc(method+" "+pattern, func(http.ResponseWriter, *http.Request) {})
}

// handleAPI registers a route that needs an API token of a user who has no
// password change or TOTP enrolment pending (the back office sends such a
// user to the account page; the API refuses until it is done).
func (s *Server) handleAPI(method, pattern string, h apiHandlerFunc) {
	s.registerAPIRoute(method, pattern, h, false)
}

// pendingAPI registers a route that needs an API token but stays open while
// a password change or TOTP enrolment is pending.
func (s *Server) pendingAPI(method, pattern string, h apiHandlerFunc) {
	s.registerAPIRoute(method, pattern, h, true)
}

func (s *Server) registerAPIRoute(method, pattern string, h apiHandlerFunc, pendingOK bool) {
	s.record(method, pattern, false)
	s.mux.HandleFunc(method+" "+pattern, func(w http.ResponseWriter, r *http.Request) {
		u := currentUser(r)
		// The API is for integrations: a browser session cookie does not
		// authenticate it (and so cannot be ridden by a cross-site request).
		if u == nil || !info(r).viaAPI {
			apiError(w, http.StatusUnauthorized, "unauthorized", "需要 API 令牌：请在请求头中携带 Authorization: Bearer <令牌>")
			return
		}
		if !pendingOK {
			if u.MustChangePassword {
				apiError(w, http.StatusForbidden, "forbidden", "账户的密码是管理员重置的临时密码，请先修改密码（POST /api/v1/me/password 或在后台“我的账户”中修改）")
				return
			}
			must, err := s.auth.MustEnrollTOTP(r.Context(), *u)
			if err != nil {
				s.apiFail(w, r, err)
				return
			}
			if must {
				apiError(w, http.StatusForbidden, "forbidden", "本平台要求管理员启用两步验证，请先登录后台在“我的账户”中启用")
				return
			}
		}
		h(w, r, u)
	})
}

// publicAPI registers a route served without a token.
func (s *Server) publicAPI(method, pattern string, h http.HandlerFunc) {
	s.record(method, pattern, true)
	s.mux.HandleFunc(method+" "+pattern, h)
}

// apiNoRoute answers paths under /api/ that no route serves: 405 when the
// path exists with another method, 404 otherwise.
func (s *Server) apiNoRoute(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.api.methods.Handler(probe); pattern != "" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		apiError(w, http.StatusMethodNotAllowed, "method_not_allowed", "该接口不支持 "+r.Method+" 方法，可用："+strings.Join(allow, "、"))
		return
	}
	apiError(w, http.StatusNotFound, "not_found", "接口不存在："+r.URL.Path)
}

// apiFail maps a domain error to its response: validation problems are
// 422, a missing object 404, a uniqueness conflict 409; anything else is
// logged and answered with 500 without its details.
func (s *Server) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	var ve *valid.Errors
	switch {
	case errors.As(err, &ve):
		apiInvalid(w, ve)
	case errors.Is(err, store.ErrNotFound):
		apiError(w, http.StatusNotFound, "not_found", "对象不存在")
	case errors.Is(err, store.ErrConflict):
		apiError(w, http.StatusConflict, "conflict", "与已有数据冲突，请刷新后重试")
	default:
		s.log.Error("api request failed", "method", r.Method, "path", logPath(r), "err", err)
		apiError(w, http.StatusInternalServerError, "internal", "服务器内部错误，请稍后再试")
	}
}

func apiForbidden(w http.ResponseWriter) {
	apiError(w, http.StatusForbidden, "forbidden", "您的账户没有执行此操作的权限")
}

// apiUnitAllows loads the unit an object belongs to and checks that the user
// may do one of acts to it, answering 500 or 403 itself. The unit is read
// afresh, not through the cache: a permission follows a move at once.
func (s *Server) apiUnitAllows(w http.ResponseWriter, r *http.Request, unitID int64, acts ...auth.Action) (org.Unit, bool) {
	u, err := s.orgs.Get(r.Context(), unitID)
	if err != nil {
		s.apiFail(w, r, err)
		return u, false
	}
	for _, act := range acts {
		if s.can(r, act, u) {
			return u, true
		}
	}
	apiForbidden(w)
	return u, false
}

// apiInvalidField answers 422 with a single problem.
func apiInvalidField(w http.ResponseWriter, field, msg string) {
	e := &valid.Errors{}
	e.Add(field, msg)
	apiInvalid(w, e)
}

func apiBadRequest(w http.ResponseWriter, msg string) {
	apiError(w, http.StatusBadRequest, "bad_request", msg)
}

// decodeAPI decodes the JSON body into dst and answers 400 when it cannot.
func decodeAPI(w http.ResponseWriter, r *http.Request, dst any) bool {
	if err := decodeJSON(r, dst); err != nil {
		apiBadRequest(w, err.Error())
		return false
	}
	return true
}

// renameProblems renames a domain field to the name the API uses for it
// ("unit_id" → "unit"), so problems point at the fields the client sent.
func renameProblems(err error, from, to string) error {
	var ve *valid.Errors
	if errors.As(err, &ve) {
		for i := range ve.Problems {
			if ve.Problems[i].Field == from {
				ve.Problems[i].Field = to
			}
		}
	}
	return err
}

// apiList is every list response.
type apiList[T any] struct {
	Items   []T `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

const (
	defaultPerPage = 20
	maxPerPage     = 100
)

// paging is ?page=&per_page=: pages count from 1, per_page is at most 100.
type paging struct{ Page, PerPage int }

func (p paging) offset() int { return (p.Page - 1) * p.PerPage }

func parsePaging(r *http.Request) (paging, error) {
	p := paging{Page: 1, PerPage: defaultPerPage}
	q := r.URL.Query()
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return p, errors.New("参数 page 应为从 1 开始的整数")
		}
		p.Page = n
	}
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return p, errors.New("参数 per_page 应为 1 到 100 之间的整数")
		}
		p.PerPage = min(n, maxPerPage)
	}
	return p, nil
}

// pageOf cuts one page out of a list that was filtered in memory.
func pageOf[T any](all []T, p paging) apiList[T] {
	out := apiList[T]{Items: []T{}, Total: len(all), Page: p.Page, PerPage: p.PerPage}
	if off := p.offset(); off < len(all) {
		out.Items = all[off:min(off+p.PerPage, len(all))]
	}
	return out
}

// queryBool reads an optional boolean query parameter.
func queryBool(r *http.Request, name string) (bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, errors.New("参数 " + name + " 应为 true 或 false")
	}
	return b, nil
}
