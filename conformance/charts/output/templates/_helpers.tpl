{{- define "output.name" }}{{ .Chart.Name }}{{ end }}
