import type { Metadata } from "next";
import { Field, Form } from "../../_components/Form";
import { ResetPassword } from "../../_components/ResetPassword";
import { allUsers } from "@/lib/accounts";
import { requireAdmin } from "@/lib/auth/current";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/passwords";

export const metadata: Metadata = { title: "Team" };
export const dynamic = "force-dynamic";

export default async function TeamPage() {
  const me = await requireAdmin("/team");
  const users = await allUsers();
  return (
    <>
      <h1>Team</h1>
      <div className="grid2">
        <section className="card">
          <h2>People</h2>
          <table className="table responsive">
            <thead>
              <tr>
                <th>Name</th>
                <th>Role</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>
                    <strong>{u.name}</strong>
                    <div className="muted">{u.email}</div>
                  </td>
                  <td>
                    {/* Not `badge rep`: .rep is the prospect page's rep card (display: flex), which stretched the badge on phones. */}
                    <span className={u.role === "admin" ? "badge admin" : "badge"}>{u.role === "admin" ? "Admin" : "Rep"}</span>
                  </td>
                  <td>{u.id !== me.id && <ResetPassword userId={u.id} name={u.name} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card">
          <h2>Add a rep</h2>
          <Form action="/api/console/users" submitLabel="Add rep" successMessage="Added.">
            <Field name="name" label="Name" required />
            <Field name="email" label="E-mail" type="email" required />
            <Field name="title" label="Title" />
            <Field name="phone" label="Phone" type="tel" />
            <Field name="password" label="First password" type="password" required autoComplete="new-password" hint={`At least ${PASSWORD_MIN_LENGTH} characters. Share it with them privately.`} />
            <div className="field">
              <label htmlFor="new-rep-role">Role</label>
              <select id="new-rep-role" name="role" defaultValue="rep">
                <option value="rep">Rep</option>
                <option value="admin">Admin</option>
              </select>
            </div>
          </Form>
        </section>
      </div>
    </>
  );
}
