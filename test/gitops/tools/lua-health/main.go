// Command lua-health runs an Argo CD health check written in Lua the way Argo CD runs one from
// argocd-cm (util/lua/lua.go): gopher-lua with the package, base and table libraries open and no
// string library (custom scripts get it only with useOpenLibs), a one-second deadline, the object
// as the global `obj`, and the returned table taken as {status, message}, an unknown status
// becoming Unknown. Argo CD also opens a reduced os library; this runner leaves it out, so a check
// that passes here needs nothing beyond what every Argo CD gives it.
//
// Usage: lua-health <health.lua> < objects.json   (a JSON array of objects)
// Prints a JSON array with one {"status", "message"} or {"error"} per object.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// result is what Argo CD keeps of a health script's answer (gitops-engine's HealthStatus).
type result struct {
	Status  string `json:"status,omitempty"`
	Message string `json:"message,omitempty"`
	Error   string `json:"error,omitempty"`
}

// validStatuses are the codes Argo CD accepts; anything else becomes Unknown.
var validStatuses = map[string]bool{
	"Healthy": true, "Progressing": true, "Degraded": true,
	"Suspended": true, "Missing": true, "Unknown": true,
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: lua-health <health.lua> < objects.json")
		os.Exit(2)
	}
	script, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var objects []any
	if err := json.NewDecoder(os.Stdin).Decode(&objects); err != nil {
		fmt.Fprintln(os.Stderr, "reading objects:", err)
		os.Exit(1)
	}
	results := make([]result, 0, len(objects))
	for _, obj := range objects {
		results = append(results, run(string(script), obj))
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(script string, obj any) result {
	l := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer l.Close()
	for name, open := range map[string]lua.LGFunction{
		lua.LoadLibName: lua.OpenPackage,
		lua.BaseLibName: lua.OpenBase,
		lua.TabLibName:  lua.OpenTable,
	} {
		if err := l.CallByParam(lua.P{Fn: l.NewFunction(open), NRet: 0, Protect: true}, lua.LString(name)); err != nil {
			return result{Error: err.Error()}
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	l.SetContext(ctx)
	l.SetGlobal("obj", toLua(l, obj))
	if err := l.DoString(script); err != nil {
		return result{Error: err.Error()}
	}
	table, ok := l.Get(-1).(*lua.LTable)
	if !ok {
		return result{Error: fmt.Sprintf("expect table output from Lua script, not %s", l.Get(-1).Type())}
	}
	status, ok := table.RawGetString("status").(lua.LString)
	if !ok || !validStatuses[string(status)] {
		return result{Status: "Unknown", Message: "Lua returned an invalid health status"}
	}
	out := result{Status: string(status)}
	switch m := table.RawGetString("message").(type) {
	case lua.LString:
		out.Message = string(m)
	case *lua.LNilType:
	default:
		return result{Error: fmt.Sprintf("message is a %s, not a string", m.Type())}
	}
	return out
}

// toLua converts decoded JSON the way Argo CD's decodeValue converts an unstructured object.
func toLua(l *lua.LState, v any) lua.LValue {
	switch x := v.(type) {
	case bool:
		return lua.LBool(x)
	case float64:
		return lua.LNumber(x)
	case string:
		return lua.LString(x)
	case []any:
		t := l.CreateTable(len(x), 0)
		for _, item := range x {
			t.Append(toLua(l, item))
		}
		return t
	case map[string]any:
		t := l.CreateTable(0, len(x))
		for k, item := range x {
			t.RawSetH(lua.LString(k), toLua(l, item))
		}
		return t
	}
	return lua.LNil
}
