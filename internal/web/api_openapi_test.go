package web

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// The document describes exactly the routes the server registers, no more
// and no fewer, and each operation is complete.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		r, doc := e.api("", "GET", "/api/v1/openapi.json", nil)
		if r.StatusCode != 200 || doc == nil {
			t.Fatalf("openapi.json: %d %.300s", r.StatusCode, r.Body)
		}
		if doc["openapi"] != "3.0.3" {
			t.Errorf("openapi = %v", doc["openapi"])
		}
		info, _ := doc["info"].(map[string]any)
		if info["title"] != "Gongkai 政务公开平台 API" || info["version"] != "test" {
			t.Errorf("info = %v", info)
		}
		comps, _ := doc["components"].(map[string]any)
		sec, _ := comps["securitySchemes"].(map[string]any)
		if b, _ := sec["bearerAuth"].(map[string]any); b["type"] != "http" || b["scheme"] != "bearer" {
			t.Errorf("bearerAuth = %v", sec["bearerAuth"])
		}
		schemas, _ := comps["schemas"].(map[string]any)

		documented := map[string]bool{}
		paths, _ := doc["paths"].(map[string]any)
		for path, item := range paths {
			for method, op := range item.(map[string]any) {
				key := strings.ToUpper(method) + " " + path
				documented[key] = true
				o := op.(map[string]any)
				if s, _ := o["summary"].(string); s == "" {
					t.Errorf("%s: no summary", key)
				}
				resp, _ := o["responses"].(map[string]any)
				if len(resp) == 0 {
					t.Errorf("%s: no responses", key)
				}
				hasSuccess := false
				for code := range resp {
					hasSuccess = hasSuccess || strings.HasPrefix(code, "2")
				}
				if !hasSuccess {
					t.Errorf("%s: no success response", key)
				}
				// Every path parameter is declared.
				declared := map[string]bool{}
				params, _ := o["parameters"].([]any)
				for _, p := range params {
					pm := p.(map[string]any)
					if pm["in"] == "path" {
						declared[pm["name"].(string)] = true
					}
				}
				for _, m := range pathParamRE.FindAllStringSubmatch(path, -1) {
					if !declared[m[1]] {
						t.Errorf("%s: path parameter %s not declared", key, m[1])
					}
				}
			}
		}

		// Every $ref points at a schema that exists.
		var walk func(v any)
		walk = func(v any) {
			switch x := v.(type) {
			case map[string]any:
				if ref, ok := x["$ref"].(string); ok {
					if _, ok := schemas[strings.TrimPrefix(ref, "#/components/schemas/")]; !ok {
						t.Errorf("dangling $ref %s", ref)
					}
				}
				for _, y := range x {
					walk(y)
				}
			case []any:
				for _, y := range x {
					walk(y)
				}
			}
		}
		walk(doc)

		registered := map[string]bool{}
		for _, rt := range e.srv.api.routes {
			key := rt.Method + " " + openAPIPath(rt.Pattern)
			if registered[key] {
				t.Errorf("route registered twice: %s", key)
			}
			registered[key] = true
			if !documented[key] {
				t.Errorf("route %s is not in the OpenAPI document", key)
			}
		}
		for key := range documented {
			if !registered[key] {
				t.Errorf("the OpenAPI document has %s, but no such route is registered", key)
			}
		}
		if len(registered) < 20 {
			t.Errorf("only %d routes registered", len(registered))
		}

		// The document's security matches the routes: public ones need no
		// token, the others answer 401 without one.
		for _, rt := range e.srv.api.routes {
			path := pathParamRE.ReplaceAllString(openAPIPath(rt.Pattern), "1")
			r, _ := e.api("", rt.Method, path, nil)
			if rt.Public != (r.StatusCode != http.StatusUnauthorized) {
				t.Errorf("%s %s without a token: %d (public = %v)", rt.Method, path, r.StatusCode, rt.Public)
			}
		}
	})
}

func TestOpenAPIPath(t *testing.T) {
	for in, want := range map[string]string{
		"/api/v1/units":               "/api/v1/units",
		"/api/v1/units/{code}":        "/api/v1/units/{code}",
		"/api/v1/units/{code}/move":   "/api/v1/units/{code}/move",
		"/api/v1/files/{path...}":     "/api/v1/files/{path}",
		"/api/v1/{$}":                 "/api/v1/",
		"/api/v1/users/{id}/sessions": "/api/v1/users/{id}/sessions",
	} {
		if got := openAPIPath(in); got != want {
			t.Errorf("openAPIPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// The document lists operations in a stable order and every schema
// compiles to valid JSON (no NaN, no cycles).
func TestOpenAPISchemasAreComplete(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		var doc struct {
			Components struct {
				Schemas map[string]struct {
					Type       string         `json:"type"`
					Properties map[string]any `json:"properties"`
					Required   []string       `json:"required"`
				} `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(e.srv.api.doc, &doc); err != nil {
			t.Fatal(err)
		}
		var names []string
		for name, s := range doc.Components.Schemas {
			names = append(names, name)
			if s.Type != "object" || len(s.Properties) == 0 {
				t.Errorf("schema %s: type %q, %d properties", name, s.Type, len(s.Properties))
			}
			for _, f := range s.Required {
				if _, ok := s.Properties[f]; !ok {
					t.Errorf("schema %s: required %q is not a property", name, f)
				}
			}
		}
		sort.Strings(names)
		user := doc.Components.Schemas["User"].Properties
		for _, f := range []string{"id", "login", "unit_code", "role_label", "totp_enabled", "locked", "last_login_at"} {
			if user[f] == nil {
				t.Errorf("User schema lacks %s (have %v)", f, names)
			}
		}
		for f := range user {
			if strings.Contains(f, "hash") || strings.Contains(f, "secret") || f == "password" {
				t.Errorf("User schema exposes %s", f)
			}
		}
	})
}
