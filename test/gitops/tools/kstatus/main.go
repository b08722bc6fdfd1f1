// Command kstatus prints the status kstatus computes for Kubernetes objects: both upstream
// sigs.k8s.io/cli-utils and Flux's fork github.com/fluxcd/cli-utils (which Flux's
// kustomize-controller and helm-controller use for `wait` and health checks).
//
// Usage: kstatus < objects.json   (a JSON array of objects)
// Prints a JSON array with one {"upstream": {status, message}, "flux": {status, message}} per object.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	flux "github.com/fluxcd/cli-utils/pkg/kstatus/status"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	upstream "sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

type verdict struct {
	Status  string `json:"status,omitempty"`
	Message string `json:"message,omitempty"`
	Error   string `json:"error,omitempty"`
}

type result struct {
	Upstream verdict `json:"upstream"`
	Flux     verdict `json:"flux"`
}

func main() {
	// Raw messages, so each object is decoded as client-go decodes one (integers as int64, which
	// kstatus's accessors require; a plain json.Unmarshal would give float64).
	var objects []json.RawMessage
	if err := json.NewDecoder(os.Stdin).Decode(&objects); err != nil {
		fmt.Fprintln(os.Stderr, "reading objects:", err)
		os.Exit(1)
	}
	results := make([]result, 0, len(objects))
	for _, obj := range objects {
		var r result
		u := &unstructured.Unstructured{}
		if err := u.UnmarshalJSON(obj); err != nil {
			r.Upstream.Error = err.Error()
			r.Flux.Error = err.Error()
			results = append(results, r)
			continue
		}
		if res, err := upstream.Compute(u); err != nil {
			r.Upstream.Error = err.Error()
		} else {
			r.Upstream = verdict{Status: res.Status.String(), Message: res.Message}
		}
		// A deep copy: Compute may not mutate, but the two libraries must not see each other's work.
		if res, err := flux.Compute(u.DeepCopy()); err != nil {
			r.Flux.Error = err.Error()
		} else {
			r.Flux = verdict{Status: res.Status.String(), Message: res.Message}
		}
		results = append(results, r)
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
