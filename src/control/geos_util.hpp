#pragma once
// RAII for the reentrant GEOS C API: one context per call of the public functions, so
// they are thread-safe, and every geometry owned by exactly one object.
#include <string>
#include <utility>

#include <geos_c.h>

#include "geoevent/error.hpp"

namespace geoevent::control::detail {

class GeosContext {
public:
    GeosContext() : m_handle(GEOS_init_r()) {
        GEOSContext_setErrorMessageHandler_r(m_handle, &GeosContext::on_error, this);
    }
    ~GeosContext() { GEOS_finish_r(m_handle); }
    GeosContext(const GeosContext&) = delete;
    GeosContext& operator=(const GeosContext&) = delete;
    GEOSContextHandle_t get() const noexcept { return m_handle; }
    // Throws with GEOS's last message; `what` says which step failed.
    [[noreturn]] void fail(const std::string& what) const {
        throw Error("GEOS: " + what + (m_message.empty() ? "" : ": " + m_message),
                    "check the boundaries file; re-create it with scripts/make-boundaries.py");
    }

private:
    static void on_error(const char* message, void* self) { static_cast<GeosContext*>(self)->m_message = message; }
    GEOSContextHandle_t m_handle;
    std::string m_message;
};

// An owned geometry (null allowed). Needs its context to be destroyed, so it keeps it.
class Geom {
public:
    Geom() = default;
    Geom(const GeosContext& ctx, GEOSGeometry* g) : m_ctx(&ctx), m_g(g) {}
    ~Geom() { reset(); }
    Geom(Geom&& o) noexcept : m_ctx(o.m_ctx), m_g(std::exchange(o.m_g, nullptr)) {}
    Geom& operator=(Geom&& o) noexcept {
        if (this != &o) {
            reset();
            m_ctx = o.m_ctx;
            m_g = std::exchange(o.m_g, nullptr);
        }
        return *this;
    }
    Geom(const Geom&) = delete;
    Geom& operator=(const Geom&) = delete;
    GEOSGeometry* get() const noexcept { return m_g; }
    GEOSGeometry* release() noexcept { return std::exchange(m_g, nullptr); }
    explicit operator bool() const noexcept { return m_g != nullptr; }

private:
    void reset() noexcept {
        if (m_g != nullptr) GEOSGeom_destroy_r(m_ctx->get(), m_g);
        m_g = nullptr;
    }
    const GeosContext* m_ctx = nullptr;
    GEOSGeometry* m_g = nullptr;
};

// Wraps a GEOS result, throwing when GEOS returned null.
inline Geom checked(const GeosContext& ctx, GEOSGeometry* g, const char* what) {
    if (g == nullptr) ctx.fail(what);
    return Geom(ctx, g);
}

}  // namespace geoevent::control::detail
