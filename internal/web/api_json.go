package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"gongkai/internal/valid"
)

// apiErrorBody is every API error: a stable machine code, a Chinese message,
// and for validation failures the problems by field.
type apiErrorBody struct {
	Error    string          `json:"error"`
	Message  string          `json:"message"`
	Problems []valid.Problem `json:"problems,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func apiError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, apiErrorBody{Error: code, Message: msg})
}

func apiInvalid(w http.ResponseWriter, ve *valid.Errors) {
	writeJSON(w, http.StatusUnprocessableEntity, apiErrorBody{Error: "invalid", Message: "提交的数据有误", Problems: ve.Problems})
}

// decodeJSON reads a JSON request body into dst, refusing unknown fields and
// trailing data; the error is a Chinese message for the client.
func decodeJSON(r *http.Request, dst any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return errors.New("请求体应为 JSON（Content-Type: application/json）")
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var mbe *http.MaxBytesError
		var ute *json.UnmarshalTypeError
		switch {
		case errors.As(err, &mbe):
			return fmt.Errorf("请求体超过 %d 字节的上限", mbe.Limit)
		case errors.Is(err, io.EOF):
			return errors.New("请求体为空")
		case errors.As(err, &ute):
			return fmt.Errorf("字段 %s 的类型不对，应为 %s", ute.Field, ute.Type)
		case strings.HasPrefix(err.Error(), "json: unknown field"):
			return fmt.Errorf("未知字段 %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
		}
		return fmt.Errorf("JSON 格式错误：%v", err)
	}
	if dec.More() {
		return errors.New("请求体在 JSON 之后还有多余内容")
	}
	return nil
}
